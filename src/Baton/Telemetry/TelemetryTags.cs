namespace Baton.Telemetry;

/// <summary>
/// The attribute names on Baton's spans and metrics, in OpenTelemetry's style (lowercase, dotted, namespaced under
/// <c>baton.</c>; <c>error.type</c> is OpenTelemetry's own).
/// </summary>
internal static class TelemetryTags
{
    public const string DagId = "baton.dag_id";
    public const string RunId = "baton.run_id";
    public const string RunType = "baton.run_type";
    public const string DagRunState = "baton.dag_run.state";
    public const string TaskId = "baton.task_id";
    public const string MapIndex = "baton.map_index";
    public const string TryNumber = "baton.try_number";
    public const string TaskInstanceState = "baton.task_instance.state";
    public const string XComKey = "baton.xcom.key";
    public const string XComDirection = "baton.xcom.direction";
    public const string XComStorage = "baton.xcom.storage";
    public const string XComStoreScheme = "baton.xcom.store.scheme";
    public const string XComSize = "baton.xcom.size";
    public const string XComCompression = "baton.xcom.compression";
    public const string XComFormat = "baton.xcom.format";
    public const string ErrorType = "error.type";
}
