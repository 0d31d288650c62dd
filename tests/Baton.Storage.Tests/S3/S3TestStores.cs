using Baton.Storage.S3;
using Baton.Testing;

namespace Baton.Storage.Tests.S3;

/// <summary>Stores on the emulator's bucket, built directly so a test can set part sizes, page sizes and HTTP faults.</summary>
internal static class S3TestStores
{
    public const string Root = "s3://s3_suite@test-bucket";

    public static string NewPrefix(string test) => $"s3-tests/{test}-{Guid.NewGuid():N}";

    public static S3ObjectStore Create(FaultyHttpClientFactory? http = null, IDictionary<string, object>? extra = null, int listPageSize = 1000, int deleteBatchSize = 1000, string bucket = S3Emulator.Bucket)
    {
        var settings = S3ConnectionSettings.FromConnection(S3Emulator.Connection(extra: extra ?? S3EmulatorSettings.Extra()));
        return new S3ObjectStore(S3ClientFactory.Create(settings, http), $"s3://{S3Emulator.ConnId}@{bucket}", bucket, settings)
        {
            ListPageSize = listPageSize,
            DeleteBatchSize = deleteBatchSize,
        };
    }

    /// <summary>The emulator's extra with more options.</summary>
    public static Dictionary<string, object> Extra(params (string Name, object Value)[] more)
    {
        var extra = S3EmulatorSettings.Extra();
        foreach (var (name, value) in more)
        {
            extra[name] = value;
        }

        return extra;
    }
}
