using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Scheduling;
using Microsoft.Extensions.Logging;

namespace Baton.Tasks;

/// <summary>What a running task knows about itself, as Airflow's context: its ids, dates, params, logger and XComs.</summary>
public sealed class TaskContext
{
    internal TaskContext(
        string dagId, string runId, string taskId, int mapIndex, int tryNumber, int maxTries, DateTimeOffset logicalDate,
        DataInterval dataInterval, JsonObject @params, JsonObject? conf, ILogger logger, TaskXComs xcom, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        DagId = dagId;
        RunId = runId;
        TaskId = taskId;
        MapIndex = mapIndex;
        TryNumber = tryNumber;
        MaxTries = maxTries;
        LogicalDate = logicalDate;
        DataInterval = dataInterval;
        Params = @params;
        Conf = conf;
        Logger = logger;
        XCom = xcom;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The DAG's id.</summary>
    public string DagId { get; }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>The task's id.</summary>
    public string TaskId { get; }

    /// <summary>This instance's element of a mapped task, or -1.</summary>
    public int MapIndex { get; }

    /// <summary>The number of this try, from 1.</summary>
    public int TryNumber { get; }

    /// <summary>How many retries the task has after its first try.</summary>
    public int MaxTries { get; }

    /// <summary>The run's logical date.</summary>
    public DateTimeOffset LogicalDate { get; }

    /// <summary>The run's data interval.</summary>
    public DataInterval DataInterval { get; }

    /// <summary>The DAG's params, overridden by the run's conf.</summary>
    public JsonObject Params { get; }

    /// <summary>The JSON object the run was triggered with, or null.</summary>
    public JsonObject? Conf { get; }

    /// <summary>The logger; its lines go to this try's log file.</summary>
    public ILogger Logger { get; }

    /// <summary>Pushes and pulls XComs by key (Airflow's <c>ti.xcom_push</c>/<c>ti.xcom_pull</c>).</summary>
    public TaskXComs XCom { get; }

    /// <summary>The application's services, for tasks that need an <c>HttpClient</c> or a repository.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the try times out or the process shuts down.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reads a param into <typeparamref name="T"/>; returns <paramref name="defaultValue"/> when it is missing.</summary>
    public T? GetParam<T>(string name, T? defaultValue = default) =>
        Params.TryGetPropertyValue(name, out var node) && node is not null ? node.Deserialize<T>() : defaultValue;
}
