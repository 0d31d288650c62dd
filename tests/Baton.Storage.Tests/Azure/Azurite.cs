using System.Net.Sockets;
using System.Text.Json;
using Azure.Storage;
using Azure.Storage.Blobs;
using Baton.Connections;

namespace Baton.Storage.Tests.Azure;

/// <summary>
/// The Azure Blob emulator the test script starts (azurite-blob on 127.0.0.1:10000, see scripts/emulators.sh): its
/// well-known development account, connections that point at it, and containers created on demand.
/// </summary>
public static class Azurite
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Overrides the endpoint, e.g. for another port.</summary>
    public const string EndpointVariable = "BATON_TEST_AZURITE_ENDPOINT";

    public static Uri Endpoint { get; } = new(Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } e ? e : $"http://127.0.0.1:10000/{AccountName}");

    private static readonly Lazy<BlobServiceClient> LazyClient = new(() => new BlobServiceClient(Endpoint, new StorageSharedKeyCredential(AccountName, AccountKey)));

    /// <summary>A client of the emulator, to check what the store did behind its back.</summary>
    public static BlobServiceClient Client => LazyClient.Value;

    /// <summary>
    /// Throws, naming the endpoint, when nothing listens there: tests that need the emulator fail rather than skip. They
    /// are skipped only when <c>BATON_TEST_STORES</c> leaves the azure store out on purpose.
    /// </summary>
    public static async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (!StoreTargets.Selected.Any(t => t.Name == "azure"))
        {
            Assert.Skip($"{StoreTargets.Variable} leaves out the azure store");
        }

        using var tcp = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await tcp.ConnectAsync(Endpoint.Host, Endpoint.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The Azure Blob emulator is not reachable at {Endpoint} ({e.Message}). Start it as scripts/test.sh does " +
                $"(source scripts/emulators.sh; start_emulators), or point {EndpointVariable} at a running azurite-blob.", e);
        }
    }

    /// <summary>Creates the container if it does not exist yet (idempotent) and returns its client.</summary>
    public static async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        await EnsureRunningAsync(cancellationToken);
        var container = Client.GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return container;
    }

    /// <summary>A wasb connection to the emulator with the account key, in the JSON form of BATON_CONN_* variables.</summary>
    public static string ConnectionJson(IReadOnlyDictionary<string, object>? extra = null, string? accountKey = null, string? endpoint = null)
    {
        var extras = new Dictionary<string, object>(extra ?? new Dictionary<string, object>()) { ["account_url"] = endpoint ?? Endpoint.ToString() };
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["conn_type"] = "wasb",
            ["login"] = AccountName,
            ["password"] = accountKey ?? AccountKey,
            ["extra"] = extras,
        });
    }

    /// <summary>The same connection as a <see cref="Connection"/>.</summary>
    public static Connection Connection(string connId, IReadOnlyDictionary<string, object>? extra = null, string? accountKey = null, string? endpoint = null) =>
        Baton.Connections.Connection.Parse(connId, ConnectionJson(extra, accountKey, endpoint));
}
