using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Execution;

/// <summary>
/// Writes the states that drive a run (a task instance's, the run's) and turns a failure to write them into one
/// <see cref="RunNotRecordedException"/> that says what could not be recorded, where, and why ("no space left on device").
/// </summary>
internal sealed class RunRecorder
{
    private readonly IMetadataStore _store;
    private readonly IServiceProvider _services;

    public RunRecorder(IMetadataStore store, IServiceProvider services)
    {
        _store = store;
        _services = services;
    }

    /// <summary>The metadata database as messages name it.</summary>
    public string Database => _services.GetService<SqlDialect>() is { } dialect
        ? $"the metadata database '{dialect.DisplayName}'"
        : "the metadata database";

    /// <summary>Writes a task instance's state; never cancelled, so a state is not left half-written by Ctrl+C.</summary>
    /// <exception cref="RunNotRecordedException">The database could not be written.</exception>
    public Task UpdateTaskInstanceAsync(TaskInstanceRecord instance) =>
        GuardAsync(() => _store.UpdateTaskInstanceAsync(instance, CancellationToken.None),
            $"The state '{StateNames.Of(instance.State)}' of task '{instance.TaskId}'{(instance.MapIndex >= 0 ? $"[{instance.MapIndex}]" : "")} of run '{instance.RunId}' of DAG '{instance.DagId}'");

    /// <summary>Writes a run's state; never cancelled.</summary>
    /// <exception cref="RunNotRecordedException">The database could not be written.</exception>
    public Task UpdateDagRunAsync(DagRunRecord run) =>
        GuardAsync(() => _store.UpdateDagRunAsync(run, CancellationToken.None), $"The state '{StateNames.Of(run.State)}' of run '{run.RunId}' of DAG '{run.DagId}'");

    /// <summary>Runs another write of the run's bookkeeping (expanding a mapped task) with the same reporting.</summary>
    /// <exception cref="RunNotRecordedException">The database could not be written.</exception>
    public Task WriteAsync(Func<Task> write, string what) => GuardAsync(write, what);

    private async Task GuardAsync(Func<Task> write, string what)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e) when (WriteFailures.IsWriteFailure(e) || e is BatonException and not RunNotRecordedException)
        {
            throw new RunNotRecordedException($"{what} could not be recorded in {Database}: {WriteFailures.Reason(e)}", e);
        }
    }
}
