using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Web.Api.DagRuns;

/// <summary>A DAG run (Airflow's <c>DAGRun</c>).</summary>
internal sealed record DagRunJson
{
    [JsonPropertyName("dag_run_id")]
    public required string DagRunId { get; init; }

    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    [JsonPropertyName("logical_date")]
    public DateTimeOffset LogicalDate { get; init; }

    [JsonPropertyName("data_interval_start")]
    public DateTimeOffset DataIntervalStart { get; init; }

    [JsonPropertyName("data_interval_end")]
    public DateTimeOffset DataIntervalEnd { get; init; }

    [JsonPropertyName("queued_at")]
    public DateTimeOffset QueuedAt { get; init; }

    [JsonPropertyName("start_date")]
    public DateTimeOffset? StartDate { get; init; }

    [JsonPropertyName("end_date")]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary><c>manual</c>, <c>scheduled</c> or <c>backfill</c>.</summary>
    [JsonPropertyName("run_type")]
    public required string RunType { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>success</c> or <c>failed</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>True for a run someone triggered (not the scheduler).</summary>
    [JsonPropertyName("external_trigger")]
    public bool ExternalTrigger { get; init; }

    [JsonPropertyName("conf")]
    public JsonObject Conf { get; init; } = [];

    public static DagRunJson From(DagRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new DagRunJson
        {
            DagRunId = run.RunId, DagId = run.DagId, LogicalDate = run.LogicalDate, DataIntervalStart = run.DataIntervalStart,
            DataIntervalEnd = run.DataIntervalEnd, QueuedAt = run.QueuedAt, StartDate = run.StartDate, EndDate = run.EndDate,
            RunType = StateNames.Of(run.RunType), State = StateNames.Of(run.State), ExternalTrigger = run.RunType == DagRunType.Manual,
            Conf = run.Conf is { } conf && JsonNode.Parse(conf) is JsonObject parsed ? parsed : [],
        };
    }
}
