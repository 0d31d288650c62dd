using Baton.Dags;
using Baton.Metadata;

namespace Baton.Web.Ui;

/// <summary>A DAG's grid: its runs, oldest first (the columns), and a cell per task (the rows) and run where it has instances.</summary>
internal sealed record DagGrid(Dag Dag, IReadOnlyList<DagRunRecord> Runs, IReadOnlyDictionary<(string TaskId, string RunId), GridCell> Cells)
{
    public GridCell? Cell(string taskId, string runId) => Cells.GetValueOrDefault((taskId, runId));
}
