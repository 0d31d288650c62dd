using System.Globalization;
using Baton.Dags;
using Baton.Testing;
using Baton.XComs;

namespace Baton.DataFrames.Tests;

/// <summary>Starts the engine with the DataFrame serializers, on the object-storage backend (a temp dir) or the database backend.</summary>
internal static class DataFrameHost
{
    public static readonly InlineDag Unused = new("unused", dag => dag.Task("t", () => 1));

    // The stores live outside each engine's BATON_HOME (which EngineHost deletes); they go when the test process ends.
    private static readonly string StoresRoot = CreateStoresRoot();

    private static string CreateStoresRoot()
    {
        var root = Directory.CreateTempSubdirectory("baton-df-stores-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return root;
    }

    public static XComKey Key(string key = "return_value") => new("frames", "run", "task", -1, key);

    public static Task<EngineHost> ObjectStorageAsync(string? format = null, IEnumerable<IDagDefinition>? dags = null, Dictionary<string, string>? extra = null)
    {
        var root = Directory.CreateDirectory(Path.Combine(StoresRoot, Guid.NewGuid().ToString("N"))).FullName;
        var settings = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(root + "/").AbsoluteUri + "xcoms",
            ["BATON__XCOM__THRESHOLD"] = "0",
        };
        return StartAsync(settings, format, dags, extra);
    }

    public static Task<EngineHost> DatabaseAsync(string? format = null, long maxInlineSize = 256L * 1024 * 1024, Dictionary<string, string>? extra = null) =>
        StartAsync(new Dictionary<string, string> { ["BATON__XCOM__MAX_INLINE_SIZE"] = maxInlineSize.ToString(CultureInfo.InvariantCulture) }, format, null, extra);

    private static Task<EngineHost> StartAsync(Dictionary<string, string> settings, string? format, IEnumerable<IDagDefinition>? dags, Dictionary<string, string>? extra)
    {
        if (format is not null)
        {
            settings["BATON__DATAFRAMES__FORMAT"] = format;
        }

        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return EngineHost.StartAsync(dags ?? [Unused], settings, configure: services => services.AddBatonDataFrames());
    }

    /// <summary>The local file of an object-storage value.</summary>
    public static async Task<string> ObjectFileAsync(EngineHost host, XComKey key) =>
        new Uri((await host.XComs.GetAsync(key, TestContext.Current.CancellationToken))!.Payload.Location!).LocalPath;
}
