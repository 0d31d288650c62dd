using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.Azure;

namespace Baton.Storage.Tests.Azure;

/// <summary>Connections and stores for the Azure tests.</summary>
public static partial class AzureTestSupport
{
    /// <summary>A resolver that knows the given connections (as BATON_CONN_* variables) and counts database look-ups.</summary>
    internal static ConnectionResolver Resolver(IReadOnlyDictionary<string, string> connectionsById, CountingConnectionStore? store = null)
    {
        var variables = connectionsById.ToDictionary(c => ConnectionResolver.EnvironmentVariableName(c.Key), c => c.Value);
        return new ConnectionResolver(store ?? new CountingConnectionStore(), BatonEnvironment.Create(Path.GetTempPath(), variables));
    }

    /// <summary>A store on the emulator through <see cref="AzureBlobConnection"/>, with transfer settings and client hooks of the test.</summary>
    internal static async Task<AzureBlobObjectStore> StoreAsync(
        string container, IReadOnlyDictionary<string, object>? extra = null, Func<AzureBlobTransferOptions, AzureBlobTransferOptions>? transfer = null,
        Action<global::Azure.Storage.Blobs.BlobClientOptions>? configureClient = null, CancellationToken cancellationToken = default)
    {
        await Azurite.ContainerAsync(container, cancellationToken);
        var connection = AzureBlobConnection.Create(Azurite.Connection("azure_test", extra), configureClient);
        if (transfer is not null)
        {
            connection = connection.WithTransfer(transfer(connection.Transfer));
        }

        return new AzureBlobObjectStore(connection, container);
    }

    public static string UniquePrefix(string name) => $"{name}-{Guid.NewGuid():N}";

    public static async Task<List<string>> KeysAsync(IObjectStore store, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(prefix, cancellationToken))
        {
            keys.Add(info.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    [GeneratedRegex("comp=([a-z]+)")]
    internal static partial Regex CompParameter();
}

/// <summary>A connection table in memory that counts look-ups.</summary>
internal sealed class CountingConnectionStore : IConnectionStore
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private int _gets;

    public int Gets => _gets;

    public Task UpsertAsync(Connection connection, CancellationToken cancellationToken = default)
    {
        _connections[connection.ConnId] = connection;
        return Task.CompletedTask;
    }

    public Task<Connection?> GetAsync(string connId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return Task.FromResult(_connections.GetValueOrDefault(connId));
    }

    public Task<IReadOnlyList<Connection>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Connection>>(_connections.Values.OrderBy(c => c.ConnId, StringComparer.Ordinal).ToList());

    public Task<bool> DeleteAsync(string connId, CancellationToken cancellationToken = default) => Task.FromResult(_connections.TryRemove(connId, out _));
}

/// <summary>Counts the requests the SDK sends (each try), by method and <c>comp=</c> parameter, e.g. <c>PUT:block</c>.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string kind] => _counts.GetValueOrDefault(kind);

    public void Reset() => _counts.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        var comp = AzureTestSupport.CompParameter().Match(message.Request.Uri.Query).Groups[1].Value;
        _counts.AddOrUpdate(message.Request.Method + (comp.Length > 0 ? ":" + comp : ""), 1, (_, n) => n + 1);
    }

    public override string ToString() => string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}

/// <summary>Drops the connection (an IOException, as the transport throws) for requests that match, a number of times or always.</summary>
public sealed class DroppedConnections(Func<HttpMessage, bool> matches, int times) : HttpPipelinePolicy
{
    private int _dropped;

    public int Dropped => _dropped;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Drop(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Drop(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Drop(HttpMessage message)
    {
        if (matches(message) && Interlocked.Increment(ref _dropped) <= times)
        {
            throw new IOException("simulated dropped connection");
        }
    }
}

/// <summary>Breaks the body of the first GET response after some bytes, as a dropped connection would.</summary>
public sealed class BodyBreaker(int after) : HttpPipelinePolicy
{
    private int _broken;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Break(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Break(message);
    }

    private void Break(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Response.ContentStream is { } body && Interlocked.Exchange(ref _broken, 1) == 0)
        {
            message.Response.ContentStream = new NonSeekableStream(body, breakAt: after, failure: new IOException("simulated connection drop in the body"));
        }
    }
}
