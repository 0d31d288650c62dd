using Baton.Dags;
using Baton.Execution;
using Baton.Runs;
using Baton.Web.Api.DagRuns;
using Baton.Web.Api.TaskInstances;

namespace Baton.Web.Ui;

/// <summary>
/// What the run and task instance pages' buttons do (clear, mark success or failed, delete), through the services the API
/// uses, with the outcome as one line for the page: what was done, or why not (a run another process is running).
/// </summary>
internal sealed class UiActions(DagBag dags, DagRunService runs, DagRunsService runsApi, TaskInstancesService instancesApi)
{
    public async Task<string> ClearRunAsync(string dagId, string runId, bool onlyFailed, CancellationToken cancellationToken)
    {
        try
        {
            await runsApi.ClearAsync(dagId, runId, dryRun: false, onlyFailed, cancellationToken).ConfigureAwait(false);
            return $"Cleared {(onlyFailed ? "the failed task instances of " : "")}run {runId}: it is queued for the scheduler.";
        }
        catch (DagRunInUseException e)
        {
            return e.Message;
        }
    }

    public async Task<string> ClearTaskAsync(string dagId, string runId, string taskId, bool downstream, CancellationToken cancellationToken)
    {
        try
        {
            var cleared = await instancesApi.ClearAsync(dagId, [taskId], new ClearRequest { RunId = runId, Downstream = downstream }, dryRun: false, cancellationToken).ConfigureAwait(false);
            return $"Cleared {cleared.TotalEntries} task instance(s): {string.Join(", ", cleared.TaskInstances.Select(t => t.TaskId).Distinct())}; the run is queued for the scheduler.";
        }
        catch (DagRunInUseException e)
        {
            return e.Message;
        }
    }

    public async Task<string> MarkAsync(string dagId, string runId, string? taskId, int mapIndex, TaskInstanceState state, CancellationToken cancellationToken)
    {
        try
        {
            var changed = await runs.MarkAsync(dags.Get(dagId), runId, taskId, mapIndex, state, cancellationToken).ConfigureAwait(false);
            var what = taskId is null ? $"run {runId}" : $"task {taskId}";
            return changed is null ? $"No {what} to mark." : $"Marked {what} {StateNames.Of(state)} ({changed} task instance(s) changed).";
        }
        catch (DagRunInUseException e)
        {
            return e.Message;
        }
    }

    public async Task<string> DeleteRunAsync(string dagId, string runId, CancellationToken cancellationToken)
    {
        try
        {
            await runsApi.DeleteAsync(dagId, runId, cancellationToken).ConfigureAwait(false);
            return $"Deleted run {runId} with its task instances and XComs.";
        }
        catch (DagRunInUseException e)
        {
            return e.Message;
        }
    }
}
