using System.Text.Json.Nodes;
using Baton.Dags;
using Baton.Tasks;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Baton.Web.TestApp.Dags;

/// <summary>
/// web_demo: params with defaults, a mapped task, a JSON value, a DataFrame value and a log line per task, so every API
/// endpoint has something to show.
/// </summary>
public sealed class WebDemoDag : IDagDefinition
{
    public DagSpec Spec { get; } = new("web_demo")
    {
        Description = "the web server's demo", Tags = ["demo", "web"], Params = new JsonObject { ["count"] = 3, ["who"] = "world" },
        StartDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Schedule = "@daily", RetryDelay = TimeSpan.Zero,
    };

    public void Build(DagBuilder dag)
    {
        var numbers = dag.Task("numbers", (TaskContext ctx) =>
        {
            var count = ctx.Params["count"]!.GetValue<int>();
            ctx.Logger.LogInformation("making {Count} numbers for {Who}", count, ctx.Params["who"]);
            return Enumerable.Range(1, count).ToList();
        });
        var squares = dag.Map("square", (int n) => n * n, numbers);
        var total = dag.Task("total", (IReadOnlyList<int> all) => new Dictionary<string, int> { ["sum"] = all.Sum(), ["count"] = all.Count }, squares);
        var table = dag.Task("table", () => new DataFrame(
            new Int64DataFrameColumn("id", [1L, 2L]),
            new DoubleDataFrameColumn("xp_per_height", [11.2, 9.75])));
        _ = total >> table;
    }
}
