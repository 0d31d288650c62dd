using Baton.Configuration;
using Baton.Hosting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hosting.Tests;

/// <summary>An app's own settings section, as a user registers one, holding values that carry secrets.</summary>
public sealed class AppSecretsOptions
{
    [ConfigurationKeyName("endpoint")]
    public string Endpoint { get; set; } = "";

    [ConfigurationKeyName("api_token")]
    public string ApiToken { get; set; } = "";

    [ConfigurationKeyName("storage_connection")]
    public string StorageConnection { get; set; } = "";
}

/// <summary>
/// Settings as a careless user writes them: secrets in values are never printed, credentials in the store path are
/// refused, a value of the wrong JSON type is an error naming the key and the type, every number and duration is checked
/// against its range at start, naming the variable and the range.
/// </summary>
public sealed class SettingsHardeningTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();

    private Task<CliResult> RunAsync(Dictionary<string, string> variables, params string[] args) => _cli.RunAsync(args, CancellationToken.None, variables);

    [Fact]
    public async Task ConfigList_MasksTheSecretsInEverySettingValue()
    {
        using var cli = new CliRunner(configureServices: services =>
        {
            services.AddOptions<AppSecretsOptions>().BindConfiguration("app");
            services.AddSingleton(BatonSettingsSection.For<AppSecretsOptions>("app"));
        });

        var result = await cli.RunAsync(["config", "list"], CancellationToken.None, new Dictionary<string, string>
        {
            ["BATON__APP__ENDPOINT"] = "https://user:SECRET1@acct.blob.core.windows.net/c?sv=2024-01-01&sig=SECRET2&se=2030",
            ["BATON__APP__API_TOKEN"] = "SECRET3",
            ["BATON__APP__STORAGE_CONNECTION"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=SECRET4;SharedAccessSignature=sv=1&sig=SECRET5;EndpointSuffix=core",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("SECRET", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains("https://user:***@acct.blob.core.windows.net/c?sv=2024-01-01&sig=***&se=2030", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"app\s+\| api_token\s+\| \*\*\*\s+\| BATON__APP__API_TOKEN", result.Output);
        Assert.Contains("AccountName=acct;AccountKey=***;SharedAccessSignature=***;EndpointSuffix=core", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://user:SECRET@host/bucket", "s3://user:***@host/bucket")]
    [InlineData("az://conn@container/prefix?sig=SECRET", "az://conn@container/prefix?sig=***")]
    public async Task XComPathHoldingCredentials_IsRefusedAtStartPointingToConnections(string path, string shown)
    {
        var result = await RunAsync(new() { ["BATON__XCOM__PATH"] = path }, "config", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith($"error: invalid setting: BATON__XCOM__PATH='{shown}' holds credentials; Baton does not take them in a setting. Keep them in a connection, as Airflow does", line, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"xcom": {"threshold": [1]}}""", "xcom.threshold in baton.json must be a whole number (a JSON number, without quotes), not a list ([1])")]
    [InlineData("""{"xcom": {"threshold": "lots"}}""", "xcom.threshold in baton.json must be a whole number (a JSON number, without quotes), not the string \"lots\"")]
    [InlineData("""{"xcom": {"threshold": 1.5}}""", "xcom.threshold in baton.json must be a whole number (a JSON number, without quotes), not the number 1.5")]
    [InlineData("""{"scheduler": {"poll_interval": 30}}""", "scheduler.poll_interval in baton.json must be a duration in quotes, such as \"00:00:30\", not the number 30")]
    [InlineData("""{"xcom": {"Path": {"a": 1}}}""", "xcom.Path in baton.json must be a string (a JSON string, in quotes), not an object ({\"a\": 1})")]
    [InlineData("""{"xcom": {"compression": 5}}""", "xcom.compression in baton.json must be a string (a JSON string, in quotes), not the number 5")]
    [InlineData("""{"xcom": {"compression": null}}""", "xcom.compression in baton.json must be a string (a JSON string, in quotes), not null")]
    [InlineData("""{"core": {"dags_are_paused_at_creation": "yes"}}""", "core.dags_are_paused_at_creation in baton.json must be true or false (JSON true or false, without quotes), not the string \"yes\"")]
    [InlineData("""{"scheduler": 5}""", "scheduler in baton.json must be an object of settings, like {\"scheduler\": {\"key\": value}}, not the number 5")]
    public async Task SettingsFileValueOfTheWrongJsonType_IsAnErrorNamingTheKeyAndTheExpectedType(string json, string expected)
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "baton.json"), json, TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("dags", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: invalid setting: {expected}"], Lines(result.Error));
    }

    [Fact]
    public async Task SettingsFileNumberWrittenAsAString_IsTakenAsAppSettingsTakeIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "baton.json"), """{"xcom": {"threshold": "100"}, "core": {"parallelism": "4"}}""", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("config", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"xcom\s+\| threshold\s+\| 100\s", result.Output);
        Assert.Matches(@"core\s+\| parallelism\s+\| 4\s", result.Output);
    }

    [Fact]
    public async Task SettingsFileValueOverriddenByAVariable_IsNotReported()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "baton.json"), """{"xcom": {"threshold": [1]}}""", TestContext.Current.CancellationToken);

        var result = await RunAsync(new() { ["BATON__XCOM__THRESHOLD"] = "100" }, "dags", "list");

        Assert.Empty(Lines(result.Error));
    }

    [Theory]
    [InlineData("BATON__SCHEDULER__POLL_INTERVAL", "9999999.00:00:00", "must be between 00:00:00.0010000 and 1.00:00:00 (one day), not 9999999.00:00:00")]
    [InlineData("BATON__SCHEDULER__POLL_INTERVAL", "00:00:00", "must be between 00:00:00.0010000 and 1.00:00:00 (one day), not 00:00:00")]
    [InlineData("BATON__CORE__PARALLELISM", "1000000", "must be between 1 and 10000, not 1000000")]
    [InlineData("BATON__CORE__PARALLELISM", "0", "must be between 1 and 10000, not 0")]
    [InlineData("BATON__XCOM__MAX_INLINE_SIZE", "2000000000", "must be between 1 and 1000000000 bytes, not 2000000000")]
    [InlineData("BATON__XCOM__THRESHOLD__0", "1", "must be a whole number, not a list or an object")]
    public async Task NumberOrDurationOutOfRange_IsRefusedAtStartNamingTheVariableAndTheRange(string variable, string value, string expected)
    {
        var result = await RunAsync(new() { [variable] = value }, "scheduler");

        Assert.Equal(1, result.ExitCode);
        var named = variable.EndsWith("__0", StringComparison.Ordinal) ? variable[..^3] : variable;
        Assert.Equal([$"error: invalid setting: {named} {expected}"], Lines(result.Error));
        Assert.DoesNotContain("Scheduler started", result.Output, StringComparison.Ordinal);
    }
}
