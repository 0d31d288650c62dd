using System.Text.RegularExpressions;
using Baton.Connections;
using Baton.Hosting.Tests.Support;
using Baton.Serialization;
using Baton.Testing;
using Microsoft.Data.Sqlite;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>
/// The tutorial's own S3 backend class (examples/XComTutorial/Include/S3JsonXComBackend.cs) through the CLI against s3rver:
/// the row keeps an xcom_s3:// reference, the bucket holds the JSON, every delete path removes it, a lost object is an error.
/// </summary>
public sealed partial class TutorialS3BackendTests
{
    private const string RunId = "manual__2022-12-20T00:00:00+00:00";
    private const string ConnId = S3JsonXComBackend.DefaultConnId;
    private const string BackendSetting = "XComTutorial.Include.S3JsonXComBackend, XComTutorial";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A CLI with the backend selected, writing under a prefix of its own; the connection comes from BATON_CONN_… unless the test adds it.</summary>
    private static async Task<(CliRunner Cli, string Prefix)> TutorialOnS3Async(bool connectionFromEnvironment = true)
    {
        await S3EmulatorBucket.EnsureReadyAsync(Token);
        var prefix = $"tutorial-s3-tests/{Guid.NewGuid():N}";
        var variables = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = BackendSetting,
            [S3JsonXComBackend.UrlVariable] = $"s3://{ConnId}@{S3EmulatorSettings.Bucket}/{prefix}",
        };
        if (connectionFromEnvironment)
        {
            variables[ConnectionResolver.EnvironmentVariableName(ConnId)] = S3EmulatorSettings.ConnectionJson();
        }

        return (new CliRunner(variables, typeof(SimpleXcom).Assembly, services => services.AddTutorialServices()), prefix);
    }

    private static (string Storage, string Location) ReadRow(CliRunner cli)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(cli.BatonHome, "baton.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT storage, location FROM xcom WHERE dag_id = 'simple_xcom' AND task_id = 'generate_value'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "no xcom row for generate_value");
        var row = (reader.GetString(0), reader.GetString(1));
        Assert.False(reader.Read(), "more than one xcom row for generate_value");
        return row;
    }

    private static int CountRows(CliRunner cli)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(cli.BatonHome, "baton.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM xcom";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task S3JsonBackend_SimpleXcom_KeepsAReferenceInTheRowAndTheExactJsonInTheBucket()
    {
        var (cli, prefix) = await TutorialOnS3Async();
        using var _ = cli;

        var run = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(run.ExitCode == 0, run.ToString());
        var received = int.Parse(ReceivedNumber().Match(run.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var (storage, location) = ReadRow(cli);
        Assert.Equal("object", storage);
        var key = $"{prefix}/manual__2022-12-20T00~3A00~3A00~2B00~3A00/generate_value/";
        Assert.Matches("^" + Regex.Escape(S3JsonXComBackend.Prefix + key) + "data_[0-9a-f]{32}\\.json$", location);
        var objectKey = location[S3JsonXComBackend.Prefix.Length..];
        Assert.Equal([objectKey], await S3EmulatorBucket.KeysAsync(prefix + "/", Token));

        // The object is the value's JSON, byte for byte, and the downstream task printed the same number.
        var expected = new MemoryStream();
        var value = new TutorialValue(received, new TutorialRecord("baton", ["xcom", "tutorial"], new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero)));
        await new JsonXComSerializer().SerializeAsync(expected, value, typeof(TutorialValue), Token);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.ToArray()), System.Text.Encoding.UTF8.GetString(await S3EmulatorBucket.ReadAsync(objectKey, Token)));
        Assert.Contains($"\"RandomNumber\": {received}", (await cli.RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value")).Output);
        Assert.Contains(location, (await cli.RunAsync("xcom", "list")).Output);

        var clear = await cli.RunAsync("dags", "clear", "simple_xcom", "--yes");

        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Empty(await S3EmulatorBucket.KeysAsync(prefix + "/", Token));
        Assert.Equal(0, CountRows(cli));
    }

    [Fact]
    public async Task S3JsonBackend_WithTheConnectionAdded_DeletingTheRunDeletesItsObject()
    {
        var (cli, prefix) = await TutorialOnS3Async(connectionFromEnvironment: false);
        using var _ = cli;
        var add = await cli.RunAsync("connections", "add", ConnId, "--conn-json", S3EmulatorSettings.ConnectionJson());
        Assert.True(add.ExitCode == 0, add.ToString());
        var run = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20", "-q");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(await S3EmulatorBucket.KeysAsync(prefix + "/", Token));

        var delete = await cli.RunAsync("dags", "delete", "simple_xcom", "--run-id", RunId, "--yes");

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Empty(await S3EmulatorBucket.KeysAsync(prefix + "/", Token));
        Assert.Equal(0, CountRows(cli));
    }

    [Fact]
    public async Task S3JsonBackend_WhenTheObjectIsDeleted_PullsFailNamingTheXComAndTheObject()
    {
        var (cli, _) = await TutorialOnS3Async();
        using var __ = cli;
        Assert.Equal(0, (await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20", "-q")).ExitCode);
        var (_, location) = ReadRow(cli);
        var objectKey = location[S3JsonXComBackend.Prefix.Length..];
        await S3EmulatorBucket.DeleteAsync(objectKey, Token);
        var missing = $"XCom dag 'simple_xcom', run '{RunId}', task 'generate_value', key 'return_value': '{location}' is missing " +
                      $"(no object s3://{ConnId}@{S3EmulatorSettings.Bucket}/{objectKey}).";

        var get = await cli.RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value");
        var downstream = await cli.RunAsync("tasks", "test", "simple_xcom", "print_value", "2022-12-20");

        Assert.Equal(1, get.ExitCode);
        Assert.Contains("error: " + missing, get.Error);
        Assert.Equal(1, downstream.ExitCode);
        Assert.Contains("XComObjectNotFoundException: " + missing, downstream.ToString());
        Assert.DoesNotContain("Received random number", downstream.ToString());
    }

    [Fact]
    public async Task S3JsonBackend_FetchPokemonData_RefusesTheDataFrameOnPushAndWritesNoObjectForIt()
    {
        using var api = new SamplePokeApi();
        var (cli, prefix) = await TutorialOnS3Async();
        using var _ = cli;

        var run = await cli.RunAsync(["dags", "test", "fetch_pokemon_data", "2022-12-20", "-q"], Token,
            new Dictionary<string, string> { ["BATON__POKEAPI__BASE_URL"] = api.BaseUrl });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "task calculate_xp_per_height failed: XComSerializationException: XCom dag 'fetch_pokemon_data', run '" + RunId + "', task 'calculate_xp_per_height', " +
            "key 'return_value': a DataFrame is stored as 'parquet', which S3JsonXComBackend cannot write (it writes JSON only); use BATON__XCOM__BACKEND=objectstorage", run.Error);
        var keys = await S3EmulatorBucket.KeysAsync(prefix + "/", Token);
        Assert.Single(keys);
        Assert.Contains("/extract_data/data_", keys[0], StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("dags", "delete", "fetch_pokemon_data", "--yes")).ExitCode);
        Assert.Empty(await S3EmulatorBucket.KeysAsync(prefix + "/", Token));
    }

    [Theory]
    [InlineData("", "BATON__TUTORIAL__S3_XCOM_URL must be set when BATON__XCOM__BACKEND names XComTutorial.Include.S3JsonXComBackend")]
    [InlineData("gs://user:secret@bucket/xcoms", "BATON__TUTORIAL__S3_XCOM_URL must be an s3:// URL, not gs://;")]
    public async Task S3JsonBackend_WithoutAnS3UrlSetting_FailsTheTaskNamingTheSetting(string url, string expected)
    {
        using var cli = new CliRunner(
            new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = BackendSetting, [S3JsonXComBackend.UrlVariable] = url },
            typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

        var run = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20", "-q");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("task generate_value failed: BatonConfigurationException: " + expected, run.Error);
        Assert.DoesNotContain("secret", run.ToString());
    }

    [GeneratedRegex(@"Received random number (\d+) and record baton \[xcom, tutorial\] for 2022-12-20 in run ")]
    private static partial Regex ReceivedNumber();
}
