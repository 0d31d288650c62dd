using Baton.Dags;
using Baton.Tasks;

namespace Baton.Web.TestApp.Dags;

/// <summary>web_fail: a task that fails at once and one downstream of it, for clearing failed task instances.</summary>
public sealed class WebFailDag : IDagDefinition
{
    public DagSpec Spec { get; } = new("web_fail") { Tags = ["web"], RetryDelay = TimeSpan.Zero };

    public void Build(DagBuilder dag)
    {
        var start = dag.Task("start", () => 1);
        var boom = dag.Task("boom", new Func<int, int>(_ => throw new BatonFailException("boom on purpose")), start);
        _ = boom >> dag.Task("after", () => "after");
    }
}
