using Baton.Dags;
using Baton.Tasks;

namespace Baton.TestApp;

/// <summary>
/// wait → after. <c>wait</c> holds until the file named by the run's conf <c>signal</c> exists, so a test decides how long a
/// run stays in flight; every execution of a task leaves a file <c>{task}.{who}.{unique}</c> in the conf's <c>marks</c>
/// directory, so a test counts executions across processes; <c>after</c> prints <c>result of {who}</c>.
/// </summary>
public sealed class GatedDag : IDagDefinition
{
    /// <summary>The DAG's id.</summary>
    public const string Id = "gated";

    /// <inheritdoc />
    public DagSpec Spec { get; } = new(Id) { RetryDelay = TimeSpan.Zero, Description = "holds until a file appears" };

    /// <inheritdoc />
    public void Build(DagBuilder dag)
    {
        var wait = dag.Task("wait", WaitAsync);
        dag.Task("after", (string who, TaskContext ctx) =>
        {
            Mark(ctx);
            Console.WriteLine($"result of {who}");
            return who;
        }, wait);
    }

    private static async Task<string> WaitAsync(TaskContext ctx)
    {
        Mark(ctx);
        var signal = Setting(ctx, "signal");
        // The task is the test's stand-in for slow work; polling a file is what lets another process release it.
        while (!File.Exists(signal))
        {
            await Task.Delay(20, ctx.CancellationToken);
        }

        return Setting(ctx, "who");
    }

    private static void Mark(TaskContext ctx) =>
        File.WriteAllText(Path.Combine(Setting(ctx, "marks"), $"{ctx.TaskId}.{Setting(ctx, "who")}.{Guid.NewGuid():N}"), $"{Environment.ProcessId}");

    private static string Setting(TaskContext ctx, string name) =>
        ctx.Conf?[name]?.GetValue<string>() ?? throw new InvalidOperationException($"the run's conf has no '{name}'");
}
