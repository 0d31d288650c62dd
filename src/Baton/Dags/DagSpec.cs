using System.Text.Json.Nodes;

namespace Baton.Dags;

/// <summary>
/// The properties of a DAG, as in Airflow's <c>@dag(...)</c>: id, schedule, start date, catch-up and task defaults.
/// </summary>
/// <param name="DagId">The DAG's id: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</param>
public sealed record DagSpec(string DagId)
{
    /// <summary>
    /// A cron expression (five fields, or six with seconds), a preset (<c>@once @hourly @daily @weekly @monthly @yearly</c>),
    /// or null for a DAG that only runs when triggered.
    /// </summary>
    public string? Schedule { get; init; }

    /// <summary>The first logical date the scheduler considers; required when <see cref="Schedule"/> is set.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>The last logical date the scheduler considers, if any.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>When true the scheduler creates a run for every missed interval since <see cref="StartDate"/>; when false only the latest.</summary>
    public bool Catchup { get; init; }

    /// <summary>The most runs of this DAG that may be running at once.</summary>
    public int MaxActiveRuns { get; init; } = 16;

    /// <summary>How many times a failed task is retried, unless the task says otherwise.</summary>
    public int Retries { get; init; }

    /// <summary>How long to wait before a retry, unless the task says otherwise.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one try of a task may run before it is cancelled and failed, unless the task says otherwise; null for no limit.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>A one-line description shown by <c>dags list</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Free-form tags shown by <c>dags list</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Default params, readable by tasks through <see cref="Tasks.TaskContext.Params"/>; a run's conf overrides them.</summary>
    public JsonObject? Params { get; init; }
}
