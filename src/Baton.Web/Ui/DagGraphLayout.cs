using Baton.Dags;

namespace Baton.Web.Ui;

/// <summary>
/// Places a DAG's tasks for the graph page: each task in the column after its deepest upstream task (longest path from
/// a root), tasks of a column stacked in declaration order; edges run from a task's right side to its downstream task's left.
/// </summary>
internal sealed class DagGraphLayout
{
    public const int NodeWidth = 190;
    public const int NodeHeight = 34;
    private const int ColumnGap = 70;
    private const int RowGap = 18;
    private const int Margin = 12;

    private DagGraphLayout(IReadOnlyList<Node> nodes, IReadOnlyList<(Node From, Node To)> edges, int width, int height)
    {
        Nodes = nodes;
        Edges = edges;
        Width = width;
        Height = height;
    }

    public IReadOnlyList<Node> Nodes { get; }

    public IReadOnlyList<(Node From, Node To)> Edges { get; }

    public int Width { get; }

    public int Height { get; }

    public static DagGraphLayout Of(Dag dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        // Tasks are validated acyclic at load, so repeating "column = 1 + max(upstream columns)" over the declaration order settles.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var task in dag.Tasks)
            {
                var value = task.UpstreamTaskIds.Select(u => column.GetValueOrDefault(u) + 1).DefaultIfEmpty(0).Max();
                if (!column.TryGetValue(task.TaskId, out var old) || old != value)
                {
                    column[task.TaskId] = value;
                    changed = true;
                }
            }
        }

        var rows = new Dictionary<int, int>();
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var task in dag.Tasks)
        {
            var c = column[task.TaskId];
            var r = rows.GetValueOrDefault(c);
            rows[c] = r + 1;
            nodes[task.TaskId] = new Node(task, Margin + c * (NodeWidth + ColumnGap), Margin + r * (NodeHeight + RowGap));
        }

        var edges = dag.Tasks.SelectMany(t => t.UpstreamTaskIds.Select(u => (nodes[u], nodes[t.TaskId]))).ToList();
        var width = nodes.Count == 0 ? 2 * Margin : nodes.Values.Max(n => n.X) + NodeWidth + Margin;
        var height = nodes.Count == 0 ? 2 * Margin : nodes.Values.Max(n => n.Y) + NodeHeight + Margin;
        return new DagGraphLayout([.. nodes.Values], edges, width, height);
    }

    /// <summary>A task's box: its top-left corner.</summary>
    public sealed record Node(DagTask Task, int X, int Y);
}
