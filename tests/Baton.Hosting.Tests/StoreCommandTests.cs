using System.Globalization;
using Baton.Connections;
using Baton.Hosting.Tests.Support;
using Baton.Testing;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>
/// Commands on a cloud store through the real CLI: <c>connections test</c> probes under the prefix the XCom path names, and
/// <c>dags test</c> against a store that accepts connections and never answers fails the task as a timeout instead of hanging.
/// </summary>
public sealed class StoreCommandTests
{
    private const string ConnId = "s3_cli";

    private static Dictionary<string, string> S3Settings(string path, string connectionJson) => new()
    {
        ["BATON__XCOM__BACKEND"] = "objectstorage",
        ["BATON__XCOM__PATH"] = path,
        ["BATON__XCOM__THRESHOLD"] = "0",
        [ConnectionResolver.EnvironmentVariableName(ConnId)] = connectionJson,
    };

    [Fact]
    public async Task ConnectionsTest_ProbesUnderThePrefixOfTheXComPath_AndLeavesNothingThere()
    {
        var ct = TestContext.Current.CancellationToken;
        await S3EmulatorBucket.EnsureReadyAsync(ct);
        var prefix = $"connections-test/{Guid.NewGuid():N}";
        using var cli = new CliRunner(S3Settings($"s3://{ConnId}@{S3EmulatorSettings.Bucket}/{prefix}", S3EmulatorSettings.ConnectionJson()),
            typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

        var result = await cli.RunAsync(["connections", "test", ConnId], ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"OK: wrote, read back and deleted probe object '{prefix}/baton-connection-test/", result.Output);
        Assert.Contains($"in bucket '{S3EmulatorSettings.Bucket}' at {S3EmulatorSettings.Endpoint}", result.Output);
        Assert.Empty(await S3EmulatorBucket.KeysAsync(prefix + "/", ct));
    }

    [Fact(Timeout = 180_000)]
    public async Task DagsTest_WithAStoreThatAcceptsAndNeverAnswers_FailsTheTaskAsATimeoutInsteadOfHanging()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silent = new SilentServer();
        var extra = S3EmulatorSettings.Extra(silent.Endpoint.GetLeftPart(UriPartial.Authority));
        extra["max_attempts"] = 1;
        var settings = S3Settings($"s3://{ConnId}@{S3EmulatorSettings.Bucket}/silent", S3EmulatorSettings.ConnectionJson(extra: extra));
        settings["BATON__XCOM__REQUEST_TIMEOUT"] = "00:00:01";
        using var cli = new CliRunner(settings, typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

        var result = await cli.RunAsync(["dags", "test", "simple_xcom", "2022-12-20"], ct);

        Assert.Equal(1, result.ExitCode);
        var printed = result.Output + result.Error;
        Assert.Contains("moved no bytes for 1 s", printed);
        Assert.Contains($"in s3://{ConnId}@{S3EmulatorSettings.Bucket} failed: ", printed);
        Assert.True(silent.Connections > 0, silent.Connections.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RequestTimeoutOutOfRange_IsASettingsErrorNamingTheVariable()
    {
        using var cli = new CliRunner(new Dictionary<string, string> { ["BATON__XCOM__REQUEST_TIMEOUT"] = "30" });

        var result = await cli.RunAsync(["dags", "list"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BATON__XCOM__REQUEST_TIMEOUT must be from 00:00:01 to 01:00:00 (hh:mm:ss, e.g. 00:00:30), not 30.00:00:00", result.Error);
    }
}
