using Baton.Runs;

namespace Baton.Web.Ui;

/// <summary>
/// One cell of a DAG's grid: a task instance's state and try, or for a mapped task the state it shows folded and how many
/// of its instances are in each state.
/// </summary>
internal sealed record GridCell(TaskInstanceState State, IReadOnlyList<(TaskInstanceState State, int Count)> Mapped, int TryNumber)
{
    public bool IsMapped => Mapped.Count > 0;

    public int MappedCount => Mapped.Sum(m => m.Count);
}
