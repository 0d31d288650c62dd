using Baton.Connections;
using Baton.Storage.Gcs;
using Baton.Testing;
using Baton.XComs;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests.Gcs;

/// <summary>
/// Wrong credentials, a missing bucket and an unreachable endpoint, each through the connection tester and through an
/// XCom push: each gives its own clear message, and nothing is left half-written. The emulator checks no credentials
/// and creates any bucket it is asked about, so the first two use <see cref="FakeGcsServer"/>.
/// </summary>
public sealed class GcsFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static XComKey Key => new("failures", "run", "task", -1, "return_value");

    private static Connection WithKey(FakeGcsServer server) => GcsTestConnections.Gcp(new
    {
        endpoint_url = server.Endpoint.AbsoluteUri, keyfile_dict = GcsTestConnections.ServiceAccountKey(server.Endpoint), num_retries = 1,
    }, "gcs_failing");

    private static Connection Anonymous(Uri endpoint) =>
        GcsTestConnections.Gcp(new { endpoint_url = endpoint.AbsoluteUri, num_retries = 1 }, "gcs_failing");

    private static async Task<Exception> PushAsync(Connection connection, string bucket)
    {
        await using var host = await EngineHost.StartAsync([], new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = $"gs://{connection.ConnId}@{bucket}/xcom",
            ["BATON_CONN_" + connection.ConnId.ToUpperInvariant()] = connection.ToJson(),
        }, configure: services => services.AddBatonGcs());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.XComs.PushAsync(Key, new string('x', 5000), typeof(string), Ct));
        Assert.Null(await host.XComs.GetAsync(Key, Ct));
        // The upload's own error, not the clean-up's that follows it.
        Assert.StartsWith("Writing object 'xcom/failures/run/task/-1/return_value/", error.Message);
        return error;
    }

    private static Task<ConnectionTestResult> TestConnectionAsync(Connection connection, string? bucket) =>
        StoreTesters.Gcs().TestAsync(connection, bucket, Ct);

    [Fact]
    public async Task WrongCredentials_AreNamedByTheTesterAndByAPush_AndNothingIsWritten()
    {
        await using var server = new FakeGcsServer { RejectCredentials = true };

        var result = await TestConnectionAsync(WithKey(server), "some-bucket");
        var error = await PushAsync(WithKey(server), "some-bucket");

        Assert.False(result.Success);
        Assert.StartsWith("writing probe object 'baton-connection-test/", result.Message);
        Assert.Contains("credentials were rejected", result.Message);
        Assert.Contains("credentials were rejected", error.Message);
        Assert.Contains("in gs://gcs_failing@some-bucket failed: ", error.Message);
        Assert.Equal(ObjectStoreFailureKind.InvalidCredentials, Assert.IsType<ObjectStoreException>(error, exactMatch: false).Kind);
        Assert.DoesNotContain("PRIVATE KEY", result.Message + error);
        Assert.Empty(server.Objects);
    }

    [Fact]
    public async Task MissingBucket_IsNamedByTheTesterAndByAPush_AndNothingIsWritten()
    {
        await using var server = new FakeGcsServer();

        var result = await TestConnectionAsync(Anonymous(server.Endpoint), FakeGcsServer.MissingBucket);
        var error = await PushAsync(Anonymous(server.Endpoint), FakeGcsServer.MissingBucket);

        Assert.False(result.Success);
        Assert.Contains($"bucket '{FakeGcsServer.MissingBucket}' does not exist", result.Message);
        Assert.Contains($"bucket '{FakeGcsServer.MissingBucket}' does not exist", error.Message);
        Assert.IsType<ObjectStoreException>(error, exactMatch: false);
        Assert.Empty(server.Objects);
    }

    [Fact]
    public async Task UnreachableEndpoint_IsNamedByTheTesterAndByAPush()
    {
        var closed = new Uri($"http://127.0.0.1:{FakeGcsServer.FreePort()}");

        var result = await TestConnectionAsync(Anonymous(closed), "some-bucket");
        var error = await PushAsync(Anonymous(closed), "some-bucket");

        Assert.False(result.Success);
        Assert.Contains($"cannot reach {closed.GetLeftPart(UriPartial.Authority)}", result.Message);
        Assert.Contains($"cannot reach {closed.GetLeftPart(UriPartial.Authority)}", error.Message);
    }

    [Fact]
    public async Task Tester_WithNoBucket_SaysWhereToGiveOne()
    {
        var result = await TestConnectionAsync(Anonymous(GcsStoreTarget.Emulator), null);

        Assert.False(result.Success);
        Assert.Contains("no bucket to probe", result.Message);
        Assert.Contains("bucket_name", result.Message);
    }

    [Fact]
    public async Task Tester_WithUnloadableCredentials_SaysSo()
    {
        var result = await TestConnectionAsync(GcsTestConnections.Gcp(new { key_path = "/nonexistent/key.json" }), "some-bucket");

        Assert.False(result.Success);
        Assert.Contains("key_path ('/nonexistent/key.json') cannot be read", result.Message);
    }

    [Fact]
    public async Task Tester_OnTheEmulator_WritesReadsAndDeletesItsProbe_InTheExtrasBucket()
    {
        await GcsTestConnections.RequireEmulatorAsync();
        var connection = GcsTestConnections.Gcp(new { endpoint_url = GcsStoreTarget.Emulator.AbsoluteUri, bucket_name = GcsStoreTarget.Bucket });

        var result = await TestConnectionAsync(connection, null);

        Assert.True(result.Success, result.Message);
        Assert.Contains($"bucket '{GcsStoreTarget.Bucket}'", result.Message);
        var store = await GcsTestConnections.EmulatorStoreAsync();
        Assert.Empty(await store.ListAsync(StoreTesters.ProbePrefix, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task ConnectionsTestCommandTester_IsRegisteredForBothTypes()
    {
        await using var host = await EngineHost.StartAsync([], configure: services => services.AddBatonGcs());
        var tester = Assert.Single(host.Services.GetServices<IConnectionTester>(), t => t.ConnectionTypes.Contains("google_cloud_platform"));
        Assert.Contains("gcp", tester.ConnectionTypes);
    }
}
