using Baton.Dags;
using Baton.Tasks;
using Microsoft.Extensions.Logging;

namespace Baton.TestApp.Dags;

/// <summary>
/// write_log → write_value: <c>write_log</c> writes the conf's <c>log_kb</c> kilobytes to its log (through the task logger
/// and <see cref="Console.WriteLine(string)"/>, stopping when its try is cancelled), <c>write_value</c> returns a value of the
/// conf's <c>value_kb</c> kilobytes. On a small file system either fills the disk.
/// </summary>
public sealed class DiskFillDag : IDagDefinition
{
    /// <summary>The DAG's id.</summary>
    public const string Id = "disk_fill";

    /// <inheritdoc />
    public DagSpec Spec { get; } = new(Id) { RetryDelay = TimeSpan.Zero, Description = "fills the disk with a log or a value" };

    /// <inheritdoc />
    public void Build(DagBuilder dag)
    {
        var log = dag.Task("write_log", (TaskContext ctx) =>
        {
            var line = new string('x', 1000);
            for (var i = 0; i < Kilobytes(ctx, "log_kb") && !ctx.CancellationToken.IsCancellationRequested; i++)
            {
                if (i % 2 == 0)
                {
                    ctx.Logger.LogInformation("{Line}", line);
                }
                else
                {
                    Console.WriteLine(line);
                }
            }

            return 1;
        });
        dag.Task("write_value", (int _, TaskContext ctx) =>
        {
            var value = new byte[Kilobytes(ctx, "value_kb") * 1024];
            Random.Shared.NextBytes(value);
            return value;
        }, log);
    }

    private static int Kilobytes(TaskContext ctx, string name) => ctx.Conf?[name]?.GetValue<int>() ?? 0;
}
