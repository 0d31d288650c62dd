using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.Azure;
using Baton.Storage.Gcs;
using Baton.Storage.S3;

namespace Baton.Storage.Tests;

/// <summary>The <c>connections test</c> tester of each cloud store, as AddBatonS3/AddBatonGcs/AddBatonAzure register it.</summary>
internal static class StoreTesters
{
    /// <summary>Where every store's probe objects go (under the tested prefix).</summary>
    public const string ProbePrefix = ObjectStoreProbe.Folder + "/";

    public static IConnectionTester S3() => new ObjectStoreConnectionTester<S3ObjectStoreProvider>(new S3ObjectStoreProvider(NoConnections()));

    public static IConnectionTester Gcs() => new ObjectStoreConnectionTester<GcsObjectStoreProvider>(new GcsObjectStoreProvider(NoConnections()));

    public static IConnectionTester Azure() => new ObjectStoreConnectionTester<AzureBlobObjectStoreProvider>(new AzureBlobObjectStoreProvider(NoConnections()));

    /// <summary>A resolver that knows no connection: the testers are given theirs.</summary>
    public static ConnectionResolver NoConnections() =>
        new(new Baton.Storage.Tests.Azure.CountingConnectionStore(), BatonEnvironment.Create(Path.GetTempPath(), new Dictionary<string, string>()));
}
