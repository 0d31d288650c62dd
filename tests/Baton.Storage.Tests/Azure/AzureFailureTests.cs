using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Baton.Connections;
using Baton.Storage.Azure;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Storage.Tests.Azure;

/// <summary>
/// Wrong credentials, a missing container, an unreachable endpoint and a SAS without write permission: each gives its own
/// clear message from the connection tester and from a push, leaves nothing behind, and shows no secret.
/// </summary>
public sealed class AzureFailureTests
{
    private const string Container = "baton-failure-tests";
    private const int Block = 1024 * 1024;
    private static readonly string WrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Scenarios => new("wrong-credentials", "missing-container", "unreachable-endpoint", "read-only-sas");

    private sealed record Scenario(string ConnectionJson, string Container, string Tester, string Push, string Secret, ObjectStoreFailureKind Kind);

    private static async Task<Scenario> ScenarioAsync(string name)
    {
        await Azurite.ContainerAsync(Container, Ct);
        var fast = new Dictionary<string, object> { ["max_block_size"] = Block, ["retry_total"] = 1 };
        switch (name)
        {
            case "wrong-credentials":
                return new Scenario(Azurite.ConnectionJson(fast, accountKey: WrongKey), Container,
                    "storage account 'devstoreaccount1' refused the credentials of connection 'azure_bad' (account key): 403 AuthorizationFailure",
                    "refused the credentials", WrongKey, ObjectStoreFailureKind.InvalidCredentials);
            case "missing-container":
                var missing = "baton-missing-" + Guid.NewGuid().ToString("N")[..12];
                return new Scenario(Azurite.ConnectionJson(fast), missing,
                    $"container '{missing}' does not exist in storage account 'devstoreaccount1' at http://127.0.0.1:10000/devstoreaccount1; create it",
                    $"container '{missing}' does not exist", Azurite.AccountKey, ObjectStoreFailureKind.BucketMissing);
            case "unreachable-endpoint":
                return new Scenario(Azurite.ConnectionJson(fast, endpoint: "http://127.0.0.1:1/devstoreaccount1"), Container,
                    "could not reach the Blob endpoint http://127.0.0.1:1/devstoreaccount1 (2 tries): Connection refused",
                    "could not reach the Blob endpoint http://127.0.0.1:1/devstoreaccount1", Azurite.AccountKey, ObjectStoreFailureKind.Unavailable);
            case "read-only-sas":
                var sas = ContainerSas(Container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);
                return new Scenario(SasConnectionJson(sas, fast), Container,
                    "connection 'azure_bad' (SAS token) may not do this in container 'baton-failure-tests': 403 AuthorizationPermissionMismatch",
                    "grant the role Storage Blob Data Contributor on the container, or use a SAS token with permissions racwdl", SignatureOf(sas), ObjectStoreFailureKind.AccessDenied);
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    private static string ContainerSas(string container, BlobContainerSasPermissions permissions) =>
        new BlobSasBuilder(permissions, DateTimeOffset.UtcNow.AddHours(1)) { BlobContainerName = container, Resource = "c" }
            .ToSasQueryParameters(new StorageSharedKeyCredential(Azurite.AccountName, Azurite.AccountKey)).ToString();

    private static string SignatureOf(string sas) =>
        Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))["sig=".Length..]);

    private static string SasConnectionJson(string sas, IReadOnlyDictionary<string, object>? extra = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["conn_type"] = "wasb",
            ["extra"] = new Dictionary<string, object>(extra ?? new Dictionary<string, object>()) { ["account_url"] = Azurite.Endpoint.ToString(), ["sas_token"] = sas },
        });

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task ConnectionTest_ReportsTheFailedStepAndWhy_WithoutThrowingOrShowingTheSecret(string name)
    {
        var scenario = await ScenarioAsync(name);

        var result = await StoreTesters.Azure().TestAsync(Connection.Parse("azure_bad", scenario.ConnectionJson), scenario.Container, Ct);

        Assert.False(result.Success);
        Assert.StartsWith("writing probe object 'baton-connection-test/", result.Message);
        Assert.Contains($"' to container '{scenario.Container}' of storage account 'devstoreaccount1'", result.Message);
        Assert.Contains(scenario.Tester, result.Message);
        Assert.DoesNotContain(scenario.Secret, result.Message);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Push_FailsWithTheSameReason_NamingStoreContainerAndKey_AndLeavesNothingBehind(string name)
    {
        var scenario = await ScenarioAsync(name);
        var prefix = AzureTestSupport.UniquePrefix("failure");
        await using var host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))], new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__THRESHOLD"] = "0",
            ["BATON__XCOM__PATH"] = $"az://azure_bad@{scenario.Container}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName("azure_bad")] = scenario.ConnectionJson,
        }, configure: services => services.AddBatonAzure());
        var small = new XComKey("failing", "run", "task", -1, "small");
        var large = new XComKey("failing", "run", "task", -1, "large");

        var smallError = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.XComs.PushAsync(small, "value", typeof(string), Ct));
        var largeError = await Assert.ThrowsAnyAsync<ObjectStoreException>(() =>
            host.XComs.PushAsync(large, TestData.RandomBytes(3 * Block + 10, 9), typeof(byte[]), Ct));

        foreach (var error in new[] { smallError, largeError })
        {
            Assert.True(error.Message.StartsWith($"Writing object '{prefix}/failing/run/task/-1/", StringComparison.Ordinal), error.Message);
            Assert.Contains($"' in az://azure_bad@{scenario.Container} failed: ", error.Message);
            Assert.Equal(scenario.Kind, error.Kind);
            Assert.True(error.Message.Contains(scenario.Push, StringComparison.Ordinal), error.Message);
            Assert.DoesNotContain(scenario.Secret, error.ToString());
        }

        Assert.Null(await host.XComs.GetAsync(small, Ct));
        Assert.Null(await host.XComs.GetAsync(large, Ct));
        var container = Azurite.Client.GetBlobContainerClient(scenario.Container);
        if (name == "missing-container")
        {
            Assert.False((await container.ExistsAsync(Ct)).Value);
        }
        else
        {
            Assert.Empty(await container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, Ct).ToListAsync(Ct));
        }
    }

    [Fact]
    public async Task ConnectionTest_GoodConnection_WritesReadsAndDeletesItsProbe()
    {
        await Azurite.ContainerAsync(Container, Ct);

        var result = await StoreTesters.Azure().TestAsync(Azurite.Connection("azure_good"), Container, Ct);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith("wrote, read back and deleted probe object 'baton-connection-test/", result.Message);
        Assert.Contains("container 'baton-failure-tests' of storage account 'devstoreaccount1' at http://127.0.0.1:10000/devstoreaccount1 (account key)", result.Message);
        Assert.Empty(await Azurite.Client.GetBlobContainerClient(Container).GetBlobsAsync(BlobTraits.None, BlobStates.None, StoreTesters.ProbePrefix, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task ConnectionTest_ContainerScopedSasWithRacwdl_Passes()
    {
        await Azurite.ContainerAsync(Container, Ct);
        var sas = ContainerSas(Container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Add | BlobContainerSasPermissions.Create
            | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Delete | BlobContainerSasPermissions.List);

        var result = await StoreTesters.Azure().TestAsync(Connection.Parse("azure_sas", SasConnectionJson(sas)), Container, Ct);

        Assert.True(result.Success, result.Message);
        Assert.Contains("(SAS token)", result.Message);
        Assert.DoesNotContain(SignatureOf(sas), result.Message);
    }

    [Fact]
    public async Task ConnectionTest_ContainerFromTheConnectionsExtra_IsUsedWhenNoneIsGiven()
    {
        await Azurite.ContainerAsync(Container, Ct);

        var withExtra = await StoreTesters.Azure().TestAsync(
            Azurite.Connection("azure_good", new Dictionary<string, object> { ["container_name"] = Container }), null, Ct);
        var withNone = await StoreTesters.Azure().TestAsync(Azurite.Connection("azure_good"), null, Ct);

        Assert.True(withExtra.Success, withExtra.Message);
        Assert.False(withNone.Success);
        Assert.StartsWith("no container to probe", withNone.Message);
    }

    [Theory]
    [InlineData("""{"conn_type": "wasb", "login": "devstoreaccount1", "password": "not base64!", "extra": {"account_url": "http://127.0.0.1:10000/devstoreaccount1"}}""", "baton-failure-tests", "the connection's settings or credentials are not usable")]
    [InlineData("""{"conn_type": "wasb", "extra": {"account_url": "http://127.0.0.1:10000/devstoreaccount1"}}""", "baton-failure-tests", "needs an https endpoint")]
    [InlineData("""{"conn_type": "wasb", "login": "devstoreaccount1", "password": "AAAA", "extra": {"account_url": "http://127.0.0.1:10000/devstoreaccount1"}}""", "Bad_Name", "is not a valid container name")]
    public async Task ConnectionTest_UnusableSettings_AreReportedNotThrown(string json, string container, string message)
    {
        var result = await StoreTesters.Azure().TestAsync(Connection.Parse("azure_bad", json), container, Ct);

        Assert.False(result.Success);
        Assert.Contains(message, result.Message);
        Assert.DoesNotContain("not base64!", result.Message);
    }
}
