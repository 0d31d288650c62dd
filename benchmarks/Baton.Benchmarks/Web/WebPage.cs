using System.Globalization;

namespace Baton.Benchmarks.Web;

/// <summary>
/// A page the web scenario requests: a path with placeholders filled for each request, so consecutive requests show
/// different DAGs, runs and tasks as a user clicking around would: <c>{dag}</c> (one of the hundred DAGs), <c>{run}</c>
/// (one of that DAG's 25 newest runs), <c>{task}</c> (one of its ten tasks), <c>{big_run}</c> (the run holding the large
/// values). A UI page that answers 404 is reported as not there yet instead of failing the scenario.
/// </summary>
/// <param name="Name">The row's label.</param>
/// <param name="Path">The path and query, with placeholders.</param>
/// <param name="Ui">A page of the web UI (sent with a session cookie; skipped while it answers 404), not of the API (sent with a token).</param>
internal sealed record WebPage(string Name, string Path, bool Ui = false)
{
    /// <summary>The newest runs of a DAG the pages pick from (the grid's width).</summary>
    public const int RecentRuns = 25;

    /// <summary>The key of the 64 MB and 1 GB object values, on task t09 of <see cref="WebDatabase"/>'s newest run of web_000.</summary>
    public const string Value64Mb = "value_64mb";

    /// <inheritdoc cref="Value64Mb"/>
    public const string Value1Gb = "value_1gb";

    /// <summary>
    /// What the scenario measures. Add a line to measure another page: the API's as the tests and scripts call it, the
    /// UI's as a browser does (<see cref="Ui"/>).
    /// </summary>
    public static readonly WebPage[] All =
    [
        new("API DAG list (100)", "/api/v1/dags?limit=100"),
        new("API DAG details", "/api/v1/dags/{dag}/details"),
        new("API runs of a DAG, newest 25", "/api/v1/dags/{dag}/dagRuns?limit=25"),
        new("API runs of all DAGs, newest 25", "/api/v1/dags/~/dagRuns?limit=25"),
        new("API failed runs of a DAG", "/api/v1/dags/{dag}/dagRuns?state=failed&limit=25"),
        new("API task instances of a run", "/api/v1/dags/{dag}/dagRuns/{run}/taskInstances"),
        new("API task instance", "/api/v1/dags/{dag}/dagRuns/{run}/taskInstances/{task}"),
        new("API XComs of a task instance", "/api/v1/dags/{dag}/dagRuns/{run}/taskInstances/{task}/xcomEntries"),
        new("API XComs of a task, all runs", "/api/v1/dags/{dag}/dagRuns/~/taskInstances/{task}/xcomEntries?limit=25"),
        new("API XCom entry + value (JSON)", "/api/v1/dags/{dag}/dagRuns/{run}/taskInstances/{task}/xcomEntries/return_value"),
        new("API XCom entry, 64 MB object", "/api/v1/dags/web_000/dagRuns/{big_run}/taskInstances/t09/xcomEntries/" + Value64Mb),
        new("API XCom entry, 1 GB object", "/api/v1/dags/web_000/dagRuns/{big_run}/taskInstances/t09/xcomEntries/" + Value1Gb),
        new("API health", "/health"),
        new("UI DAG list", "/dags", Ui: true),
        new("UI grid (25 runs)", "/dags/{dag}/grid", Ui: true),
        new("UI graph", "/dags/{dag}/graph", Ui: true),
        new("UI run", "/dags/{dag}/runs/{run}", Ui: true),
        new("UI task instance", "/dags/{dag}/runs/{run}/tasks/{task}", Ui: true),
        new("UI XCom (JSON)", "/dags/{dag}/runs/{run}/tasks/{task}/xcom/return_value", Ui: true),
        new("UI XCom, 64 MB object", "/dags/web_000/runs/{big_run}/tasks/t09/xcom/" + Value64Mb, Ui: true),
        new("UI XCom, 1 GB object", "/dags/web_000/runs/{big_run}/tasks/t09/xcom/" + Value1Gb, Ui: true),
        new("UI trigger form", "/dags/{dag}/trigger", Ui: true),
        new("UI storage", "/storage", Ui: true),
    ];

    /// <summary>The path of request number <paramref name="request"/>, its placeholders filled (ids escaped).</summary>
    public string For(int request, string bigRun)
    {
        var dag = request % WebDatabase.DagCount;
        var run = WebDatabase.RunsPerDag - 1 - (request / WebDatabase.DagCount % RecentRuns);
        return Path
            .Replace("{dag}", WebDag.Id(dag), StringComparison.Ordinal)
            .Replace("{run}", Uri.EscapeDataString(WebDatabase.RunId(run)), StringComparison.Ordinal)
            .Replace("{task}", WebDag.TaskId(request / 3 % WebDag.TaskCount), StringComparison.Ordinal)
            .Replace("{big_run}", Uri.EscapeDataString(bigRun), StringComparison.Ordinal);
    }

    /// <summary>The row's path column: the placeholders as they are.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Path}");
}
