using Baton.Connections;
using Baton.Storage.S3;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Storage.Tests.S3;

/// <summary>
/// Wrong credentials, a missing bucket and an unreachable endpoint: the connection tester and a push each say which, and a
/// failed push leaves neither an object nor a row.
/// </summary>
public sealed class S3FailureTests
{
    // s3rver checks the access key id but not SigV4 signatures, so a wrong key id is what it can refuse; a wrong secret alone
    // (SignatureDoesNotMatch) is refused only by the real service. Both give the same "refused the credentials" message.
    private const string WrongKeyId = "AKIANOTS3RVER";
    private const string WrongSecret = "not-the-S3RVER-secret";
    private const string MissingBucket = "baton-no-such-bucket";
    private const string ClosedEndpoint = "http://127.0.0.1:9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Failures => new() { "wrong-credentials", "missing-bucket", "unreachable-endpoint" };

    private static readonly Dictionary<string, ObjectStoreFailureKind> Kinds = new()
    {
        ["wrong-credentials"] = ObjectStoreFailureKind.InvalidCredentials,
        ["missing-bucket"] = ObjectStoreFailureKind.BucketMissing,
        ["unreachable-endpoint"] = ObjectStoreFailureKind.Unavailable,
    };

    private static (Connection Connection, string Bucket, string Expected) Case(string failure, string connId = "s3_failing")
    {
        // Two attempts keep the unreachable case quick; the message still reports the retries.
        var extra = S3TestStores.Extra(("max_attempts", 2));
        return failure switch
        {
            "wrong-credentials" => (S3Emulator.Connection(connId, secretKey: WrongSecret, extra: extra, accessKey: WrongKeyId), S3Emulator.Bucket,
                $"refused the credentials of connection '{connId}'"),
            "missing-bucket" => (S3Emulator.Connection(connId, extra: extra), MissingBucket,
                $"bucket '{MissingBucket}' does not exist at {S3EmulatorSettings.Endpoint}"),
            "unreachable-endpoint" => (S3Emulator.Connection(connId, extra: S3TestStores.Extra(("max_attempts", 2), ("endpoint_url", ClosedEndpoint))), S3Emulator.Bucket,
                $"{ClosedEndpoint} could not be reached after 2 attempts"),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ConnectionTest_SaysWhichStepFailedAndWhy(string failure)
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        var (connection, bucket, expected) = Case(failure);

        var result = await StoreTesters.S3().TestAsync(connection, bucket, Ct);

        Assert.False(result.Success);
        Assert.StartsWith($"writing probe object '{StoreTesters.ProbePrefix}", result.Message);
        Assert.Contains($"to bucket '{bucket}'", result.Message);
        Assert.Contains(expected, result.Message);
        Assert.DoesNotContain(WrongSecret, result.Message);
        Assert.Empty(await S3Emulator.KeysAsync(StoreTesters.ProbePrefix));
    }

    [Fact]
    public async Task ConnectionTest_OnTheEmulator_WritesReadsAndDeletesItsProbe()
    {
        await S3Emulator.EnsureReadyAsync(Ct);

        var result = await StoreTesters.S3().TestAsync(S3Emulator.Connection(), S3Emulator.Bucket, Ct);

        Assert.True(result.Success, result.Message);
        Assert.Contains($"wrote, read back and deleted probe object '{StoreTesters.ProbePrefix}", result.Message);
        Assert.Contains("access key S3RV***", result.Message);
        Assert.Empty(await S3Emulator.KeysAsync(StoreTesters.ProbePrefix));
    }

    [Fact]
    public async Task ConnectionTest_TakesTheBucketFromTheExtraWhenNoneIsGiven()
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        var connection = S3Emulator.Connection(extra: S3TestStores.Extra(("bucket_name", S3Emulator.Bucket)));

        var result = await StoreTesters.S3().TestAsync(connection, container: null, Ct);

        Assert.True(result.Success, result.Message);
    }

    [Fact]
    public async Task ConnectionTest_WithoutAnyBucket_SaysWhereToNameOne()
    {
        var result = await StoreTesters.S3().TestAsync(S3Emulator.Connection(), container: null, Ct);

        Assert.False(result.Success);
        Assert.Contains("no bucket to probe", result.Message);
        Assert.Contains("bucket_name", result.Message);
    }

    [Fact]
    public async Task ConnectionTest_WithMalformedOptions_ReportsThemWithoutThrowing()
    {
        var connection = S3Emulator.Connection(extra: S3TestStores.Extra(("multipart_chunksize", "tiny")));

        var result = await StoreTesters.S3().TestAsync(connection, S3Emulator.Bucket, Ct);

        Assert.False(result.Success);
        Assert.Contains("the connection's settings or credentials are not usable", result.Message);
        Assert.Contains("'multipart_chunksize'", result.Message);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Push_FailsNamingStoreKeyAndCause_AndLeavesNoObjectOrRow(string failure)
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        var (connection, bucket, expected) = Case(failure);
        var kind = Kinds[failure];
        var prefix = S3TestStores.NewPrefix("push-" + failure);
        await using var host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))], new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = $"s3://{connection.ConnId}@{bucket}/{prefix}",
            ["BATON__XCOM__THRESHOLD"] = "0",
            [ConnectionResolver.EnvironmentVariableName(connection.ConnId)] = connection.ToJson(),
        }, configure: services => services.AddBatonS3());
        var small = new XComKey("failing", "run", "task", -1, "small");
        var large = new XComKey("failing", "run", "task", -1, "large");

        var smallError = await Assert.ThrowsAsync<ObjectStoreException>(() => host.XComs.PushAsync(small, "value", typeof(string), Ct));
        var largeError = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            host.XComs.PushAsync(large, TestData.RandomBytes(12 * 1024 * 1024, 21), typeof(byte[]), Ct));

        foreach (var error in new[] { smallError, largeError })
        {
            Assert.StartsWith($"Writing object '{prefix}/failing/run/task/-1/", error.Message);
            Assert.Contains($"' in s3://{connection.ConnId}@{bucket} failed: ", error.Message);
            Assert.Equal(kind, error.Kind);
            Assert.False(error.IsRetryable == (kind is ObjectStoreFailureKind.InvalidCredentials or ObjectStoreFailureKind.BucketMissing), error.Message);
            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain(WrongSecret, error.Message);
        }

        Assert.Null(await host.XComs.GetAsync(small, Ct));
        Assert.Null(await host.XComs.GetAsync(large, Ct));
        Assert.Empty(await S3Emulator.KeysAsync(prefix));
    }
}
