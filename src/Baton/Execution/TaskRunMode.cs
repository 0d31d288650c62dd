namespace Baton.Execution;

/// <summary>How a try is run: whether its state is recorded, and where its log is echoed besides its file.</summary>
/// <param name="RecordState">False for <c>tasks test</c>, which runs a task without recording its state.</param>
/// <param name="EchoLogTo">A writer that also receives the log (the console, for <c>dags test</c>), or null.</param>
internal sealed record TaskRunMode(bool RecordState, TextWriter? EchoLogTo)
{
    public static TaskRunMode Default { get; } = new(true, null);
}
