using System.Globalization;
using Baton.Dags;
using Baton.Testing;
using Baton.XComs.Backends;
using Baton.XComs.Objects;

namespace Baton.Storage.Tests;

/// <summary>Baton's services on one store of the suite, with a prefix of its own per test.</summary>
internal sealed class SuiteHost : IAsyncDisposable
{
    private SuiteHost(EngineHost engine, Dictionary<string, string> settings)
    {
        Engine = engine;
        Settings = settings;
    }

    public EngineHost Engine { get; }

    /// <summary>The settings the host runs with (store path, connection, backend), for a second installation or a child process.</summary>
    public Dictionary<string, string> Settings { get; }

    public ObjectStorageXComBackend Backend => (ObjectStorageXComBackend)Engine.XComs.Backend;

    public IObjectStore Store => Backend.Store;

    /// <summary>The key prefix of this test, ending in <c>/</c>.</summary>
    public string Prefix => Backend.Prefix.Length == 0 ? "" : Backend.Prefix + "/";

    public static async Task<SuiteHost> StartAsync(
        string store, IEnumerable<IDagDefinition>? dags = null, long threshold = 0, string compression = "none", Dictionary<string, string>? sameStoreAs = null)
    {
        var target = StoreTargets.Get(store);
        var settings = sameStoreAs is null
            ? await target.PrepareAsync($"suite-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}", TestContext.Current.CancellationToken)
            : new Dictionary<string, string>(sameStoreAs);
        settings["BATON__XCOM__BACKEND"] = "objectstorage";
        settings["BATON__XCOM__THRESHOLD"] = threshold.ToString(CultureInfo.InvariantCulture);
        settings["BATON__XCOM__COMPRESSION"] = compression;
        var engine = await EngineHost.StartAsync(dags ?? [new InlineDag("unused", dag => dag.Task("t", () => 1))], settings, configure: target.ConfigureServices);
        await ((ObjectStorageXComBackend)engine.XComs.Backend).OpenStoreAsync(TestContext.Current.CancellationToken);
        return new SuiteHost(engine, settings);
    }

    /// <summary>The keys of the objects under the prefix, manifests left out.</summary>
    public async Task<List<string>> ObjectsAsync()
    {
        var keys = new List<string>();
        await foreach (var o in Store.ListAsync(Prefix, TestContext.Current.CancellationToken))
        {
            if (!o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal))
            {
                keys.Add(o.Key);
            }
        }

        return keys;
    }

    /// <summary>The key of an object location in this host's store.</summary>
    public string KeyOf(string location) => location[(Store.Root.Length + 1)..];

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
