using System.Text.Json;

namespace Baton.Testing;

/// <summary>
/// Where the S3 emulator the test projects share listens and how to connect to it: s3rver, started by
/// scripts/emulators.sh on 127.0.0.1:4568 (BATON_TEST_S3_ENDPOINT overrides), credentials S3RVER/S3RVER, bucket
/// test-bucket. Free of the AWS SDK on purpose: each test project builds its own client from these.
/// </summary>
public static class S3EmulatorSettings
{
    /// <summary>The bucket the tests write to.</summary>
    public const string Bucket = "test-bucket";

    /// <summary>The access key s3rver accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key s3rver accepts.</summary>
    public const string SecretKey = "S3RVER";

    /// <summary>The region requests are signed for.</summary>
    public const string Region = "us-east-1";

    /// <summary>The server's base URL, without a trailing slash.</summary>
    public static string Endpoint => Environment.GetEnvironmentVariable("BATON_TEST_S3_ENDPOINT") is { Length: > 0 } endpoint ? endpoint.TrimEnd('/') : "http://127.0.0.1:4568";

    /// <summary>The extra an s3rver connection needs: its endpoint, path-style addressing, plain bodies, checksums only when required.</summary>
    public static Dictionary<string, object> Extra(string? endpoint = null) => new()
    {
        ["endpoint_url"] = endpoint ?? Endpoint,
        ["region_name"] = Region,
        ["addressing_style"] = "path",
        ["disable_chunk_encoding"] = true,
        ["request_checksum_calculation"] = "when_required",
        ["response_checksum_validation"] = "when_required",
    };

    /// <summary>The JSON form of an aws connection to the emulator (the value of BATON_CONN_…), with its credentials unless given others.</summary>
    public static string ConnectionJson(string? secretKey = null, string? endpoint = null, IDictionary<string, object>? extra = null, string? accessKey = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["conn_type"] = "aws",
            ["login"] = accessKey ?? AccessKey,
            ["password"] = secretKey ?? SecretKey,
            ["extra"] = extra ?? Extra(endpoint),
        });

    /// <summary>The error for a server that does not answer: where it was looked for and how to start it.</summary>
    public static InvalidOperationException NotReachable(Exception cause) => new(
        $"The S3 emulator (s3rver) is not reachable at {Endpoint}: {cause.Message}. Start it with scripts/emulators.sh " +
        "(source it, then start_emulators), or point BATON_TEST_S3_ENDPOINT at a running S3-compatible server.", cause);
}
