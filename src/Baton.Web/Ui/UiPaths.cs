using System.Globalization;

namespace Baton.Web.Ui;

/// <summary>The UI's addresses, built from ids with every segment escaped (a run id holds <c>:</c> and <c>+</c>).</summary>
internal static class UiPaths
{
    public const string Stylesheet = "/ui/baton.css";

    public const string Script = "/ui/baton.js";

    public const string Dags = "/dags";

    public static string Dag(string dagId) => $"/dags/{E(dagId)}";

    public static string Graph(string dagId) => Dag(dagId) + "/graph";

    public static string Trigger(string dagId) => Dag(dagId) + "/trigger";

    public static string Run(string dagId, string runId) => $"{Dag(dagId)}/runs/{E(runId)}";

    public static string Task(string dagId, string runId, string taskId, int mapIndex = -1) =>
        $"{Run(dagId, runId)}/tasks/{E(taskId)}{MapIndex(mapIndex)}";

    public static string XCom(string dagId, string runId, string taskId, int mapIndex, string key) =>
        $"{Run(dagId, runId)}/tasks/{E(taskId)}/xcom/{E(key)}{MapIndex(mapIndex)}";

    /// <summary>The API's download of an XCom's stored bytes (the cookie authenticates it as it does the pages).</summary>
    public static string XComDownload(string dagId, string runId, string taskId, int mapIndex, string key) =>
        $"/api/v1/dags/{E(dagId)}/dagRuns/{E(runId)}/taskInstances/{E(taskId)}/xcomEntries/{E(key)}/value/raw{MapIndex(mapIndex)}";

    /// <summary>New lines of a try's log from a byte offset, for the log's follow mode.</summary>
    public static string LogTail(string dagId, string runId, string taskId, int mapIndex, int tryNumber) =>
        $"/ui/log?dag_id={E(dagId)}&run_id={E(runId)}&task_id={E(taskId)}&map_index={mapIndex.ToString(CultureInfo.InvariantCulture)}&try={tryNumber.ToString(CultureInfo.InvariantCulture)}";

    public const string Connections = "/admin/connections";

    public static string Connection(string connId) => $"{Connections}/{E(connId)}";

    public const string Users = "/admin/users";

    public const string Storage = "/storage";

    /// <summary>A return address after login, when it is a path on this server (never another site: no open redirect), else the DAG list.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Contains("://", StringComparison.Ordinal) ? url : Dags;

    private static string MapIndex(int mapIndex) => mapIndex >= 0 ? "?map_index=" + mapIndex.ToString(CultureInfo.InvariantCulture) : "";

    private static string E(string segment) => Uri.EscapeDataString(segment);
}
