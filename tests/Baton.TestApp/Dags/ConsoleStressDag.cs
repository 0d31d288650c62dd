using Baton.Dags;
using Baton.Tasks;
using Microsoft.Extensions.Logging;

namespace Baton.TestApp.Dags;

/// <summary>
/// Eight tasks at once, each writing lines with <see cref="Console.WriteLine(string)"/> and its task logger in turn:
/// the pattern that once deadlocked the console router against the console's own lock.
/// </summary>
public sealed class ConsoleStressDag : IDagDefinition
{
    /// <summary>Lines each task writes through each channel.</summary>
    public const int LinesPerTask = 200;

    public DagSpec Spec { get; } = new("console_stress") { Description = "parallel tasks writing to the console and the task log" };

    public void Build(DagBuilder dag)
    {
        var writers = Enumerable.Range(0, 8).Select(i => dag.Task($"writer_{i}", (TaskContext ctx) => Write(ctx, i))).ToList();
        dag.Task("done", () => Console.WriteLine("all writers finished")).DependsOn([.. writers]);
    }

    private static async Task<int> Write(TaskContext ctx, int writer)
    {
        await Task.Yield();
        for (var line = 0; line < LinesPerTask; line++)
        {
            Console.WriteLine($"writer {writer} console line {line}");
            ctx.Logger.LogInformation("writer {Writer} logger line {Line}", writer, line);
        }

        return writer;
    }
}
