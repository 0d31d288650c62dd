using Baton.Dags;
using Baton.Runs;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Tests.XComs;

/// <summary>
/// One rule for null, whatever the declared type: a null return value is stored as JSON <c>null</c> and reaches a
/// downstream task that takes a type admitting null as null; a type that cannot hold null fails with a type mismatch.
/// </summary>
public sealed class NullValueTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("baton-null-").FullName;

    public static TheoryData<string> Backends => ["database", "objectstorage"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task NullOfEveryDeclaredType_ReachesDownstreamAsNull(string backend)
    {
        var received = new Dictionary<string, object?>();
        await using var host = await EngineHost.StartAsync([new InlineDag("nulls", dag =>
        {
            Receive<string?>(dag, "text", received);
            Receive<byte[]?>(dag, "bytes", received);
            Receive<Stream?>(dag, "stream", received);
            Receive<int?>(dag, "number", received);
            Receive<List<int>?>(dag, "list", received);
            Receive<Dictionary<string, string>?>(dag, "map", received);
        })], Settings(backend));

        var result = await host.TestAsync("nulls");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.All(result.TaskInstances, t => Assert.Equal(TaskInstanceState.Success, t.State));
        Assert.Equal(6, received.Count);
        Assert.All(received, r => Assert.Null(r.Value));
        foreach (var producer in received.Keys)
        {
            var row = await host.XComs.GetAsync(new XComKey("nulls", result.Run.RunId, "make_" + producer), TestContext.Current.CancellationToken);
            Assert.NotNull(row);
            Assert.Equal("json", row.Payload.Format);
            Assert.Null(await host.XComs.PullAsync<object?>(row.Key, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task NullPulledAsANonNullableValueType_FailsWithTypeMismatchNamingTheType()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("null_int", dag =>
        {
            var maybe = dag.Task("make", () => (int?)null);
            dag.Task("take", (int?value) => value, maybe);
        })], Settings("database"));
        var result = await host.TestAsync("null_int");
        Assert.Equal(DagRunState.Success, result.Run.State);

        var error = await Assert.ThrowsAsync<XComTypeMismatchException>(() =>
            host.XComs.PullAsync<int>(new XComKey("null_int", result.Run.RunId, "make"), TestContext.Current.CancellationToken));
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    private static void Receive<T>(DagBuilder dag, string name, Dictionary<string, object?> received)
    {
        var made = dag.Task("make_" + name, new Func<T>(() => default!));
        dag.Task("take_" + name, (T value) =>
        {
            lock (received)
            {
                received[name] = value;
            }
        }, made);
    }

    private Dictionary<string, string> Settings(string backend) => backend == "database"
        ? new() { ["BATON__XCOM__BACKEND"] = "database" }
        : new()
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(_root + "/").AbsoluteUri + "xcoms",
            ["BATON__XCOM__THRESHOLD"] = "0",
        };

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
