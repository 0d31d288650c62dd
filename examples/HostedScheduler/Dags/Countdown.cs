using Baton.Dags;
using Baton.Tasks;

namespace HostedScheduler.Dags;

/// <summary>
/// A task that takes a while (<c>--conf '{"seconds": 30}'</c>, 5 by default) and stops when asked: stopping the host
/// cancels the try, and the next start retries it (one retry), so the run still completes.
/// </summary>
public sealed class Countdown : IDagDefinition
{
    public DagSpec Spec { get; } = new("countdown") { Description = "counts down, cancellable; retried after a restart" };

    public void Build(DagBuilder dag)
    {
        dag.Task("count", async (TaskContext context) =>
        {
            var seconds = context.Conf?["seconds"]?.GetValue<int>() ?? 5;
            for (var left = seconds; left > 0; left--)
            {
                context.Logger.LogInformation("{Left} s left", left);
                await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
            }

            return seconds;
        }).WithRetries(1).WithRetryDelay(TimeSpan.Zero);
    }
}
