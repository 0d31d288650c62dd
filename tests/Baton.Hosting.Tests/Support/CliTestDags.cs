using Baton.Dags;
using Baton.Tasks;

namespace Baton.Hosting.Tests.Support;

public sealed record Order(string Id, decimal Amount);

/// <summary>extract → transform → load, daily from 2024-01-01.</summary>
public sealed class CliPipelineDag : IDagDefinition
{
    public DagSpec Spec { get; } = new("cli_pipeline")
    {
        Schedule = "@daily", StartDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Catchup = false,
        Description = "pipeline for CLI tests", Tags = ["test"],
    };

    public void Build(DagBuilder dag)
    {
        var orders = dag.Task("extract", () => new List<Order> { new("a", 1.25m), new("b", 2.50m) });
        var total = dag.Task("transform", (List<Order> o, TaskContext ctx) => o.Sum(x => x.Amount), orders);
        dag.Task("load", (decimal t) => Console.WriteLine($"total is {t}"), total);
    }
}

/// <summary>A DAG whose only task fails.</summary>
public sealed class CliFailingDag : IDagDefinition
{
    public DagSpec Spec { get; } = new("cli_failing") { RetryDelay = TimeSpan.Zero };

    public void Build(DagBuilder dag) => dag.Task("explode", Explode);

    private static int Explode() => throw new InvalidOperationException("kaboom");
}

/// <summary>A DAG whose Build throws; it must show up as a load error without hiding the others.</summary>
public sealed class CliBrokenDag : IDagDefinition
{
    public DagSpec Spec { get; } = new("cli_broken") { Schedule = "@fortnightly", StartDate = DateTimeOffset.UnixEpoch };

    public void Build(DagBuilder dag) => dag.Task("only", () => 1);
}
