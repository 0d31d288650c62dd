using Baton.Hosting.Tests.Support;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>The tutorial project (examples/XComTutorial) through the CLI: the main job on each backend, and its own backend class.</summary>
public sealed class TutorialExampleTests
{
    private const string RunId = "manual__2022-12-20T00:00:00+00:00";
    private const string TutorialBackend = "XComTutorial.Include.LocalJsonXComBackend, XComTutorial";

    private static CliRunner Tutorial(Dictionary<string, string>? variables = null) =>
        new(variables, typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

    [Fact]
    public async Task SimpleXcom_OnTheEmbeddedDefaults_PrintsTheValueItPassed()
    {
        using var cli = Tutorial();

        var result = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Received random number \d+ and record baton \[xcom, tutorial\] for 2022-12-20 in run " + System.Text.RegularExpressions.Regex.Escape(RunId), result.Output);
        Assert.Contains("\"Name\": \"baton\"", (await cli.RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value")).Output);
    }

    [Fact]
    public async Task SimpleXcom_OnTheObjectStore_StoresTheValueAsAnObjectThatInspectReads()
    {
        var store = Directory.CreateTempSubdirectory("baton-tutorial-store-").FullName;
        using var cli = Tutorial(new()
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(store + "/").AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = "0",
        });

        Assert.Equal(0, (await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20", "-q")).ExitCode);

        var list = await cli.RunAsync("xcom", "list");
        var location = list.Output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("file://", StringComparison.Ordinal));
        Assert.Contains("\"RandomNumber\"", (await cli.RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value")).Output);
        var inspect = await cli.RunAsync("xcom", "inspect", location);
        Assert.Matches(@"dag_id\s+\| simple_xcom", inspect.Output);
        Assert.Contains("\"RandomNumber\"", inspect.Output);
        Directory.Delete(store, true);
    }

    [Fact]
    public async Task UserWrittenBackend_SelectedByTypeName_StoresReferencesWithItsOwnPrefix()
    {
        using var cli = Tutorial(new() { ["BATON__XCOM__BACKEND"] = TutorialBackend });

        var run = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Received random number", run.Output);
        var list = await cli.RunAsync("xcom", "list");
        Assert.Contains(LocalJsonXComBackend.Prefix, list.Output);
        var files = Directory.GetFiles(Path.Combine(cli.BatonHome, "tutorial-xcoms"), "data_*.json", SearchOption.AllDirectories);
        Assert.Single(files);
        Assert.Contains("\"RandomNumber\"", await File.ReadAllTextAsync(files[0], TestContext.Current.CancellationToken));
        Assert.Contains("\"Name\": \"baton\"", (await cli.RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value")).Output);

        Assert.Equal(0, (await cli.RunAsync("dags", "clear", "simple_xcom", "--yes")).ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(cli.BatonHome, "tutorial-xcoms"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task FetchPokemonData_ReadsPokeApiOverHttpAndPassesADataFrameAsParquet()
    {
        using var api = new SamplePokeApi();
        var store = Directory.CreateTempSubdirectory("baton-pokemon-").FullName;
        using var cli = Tutorial(new()
        {
            ["BATON__POKEAPI__BASE_URL"] = api.BaseUrl, ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(store + "/").AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = "0",
        });

        var result = await cli.RunAsync("dags", "test", "fetch_pokemon_data", "2022-12-20");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pikachu has a base xp to height ratio of 28.0", result.Output);
        Assert.Contains("vulpix has a base xp to height ratio of 10.0", result.Output);
        Assert.Equal(2, api.Requests);
        var list = await cli.RunAsync("xcom", "list", "--task-id", "calculate_xp_per_height");
        Assert.Contains("| parquet", list.Output);
        var get = await cli.RunAsync("xcom", "get", "fetch_pokemon_data", RunId, "calculate_xp_per_height");
        Assert.Contains("2 rows × 4 columns", get.Output);
        Assert.Matches(@"pikachu\s+\|\s+112\s+\|\s+4\s+\|\s+28", get.Output);
        var file = Path.Combine(cli.Home, "frame.parquet");
        Assert.Equal(0, (await cli.RunAsync("xcom", "get", "fetch_pokemon_data", RunId, "calculate_xp_per_height", "--output", file)).ExitCode);
        Assert.Equal("PAR1"u8.ToArray(), (await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))[..4]);
        Directory.Delete(store, true);
    }

    [Fact]
    public async Task FetchPokemonData_WhenTheApiAnswers404_FailsNamingTheUrl()
    {
        using var api = new SamplePokeApi();
        using var cli = Tutorial(new() { ["BATON__POKEAPI__BASE_URL"] = api.BaseUrl + "missing/" });

        var result = await cli.RunAsync("dags", "test", "fetch_pokemon_data", "2022-12-20", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HttpRequestException: GET " + api.BaseUrl + "missing/pokemon/pikachu answered 404", result.Error);
    }

    [Theory]
    [InlineData("XComTutorial.Include.NoSuchBackend, XComTutorial", "names no known backend and no loadable type")]
    [InlineData("XComTutorial.Dags.SimpleXcom, XComTutorial", "type XComTutorial.Dags.SimpleXcom must be a non-abstract class deriving from Baton.XComs.XComBackend")]
    [InlineData("Not A Type,,", "BATON__XCOM__BACKEND='Not A Type,,'")]
    public async Task BadBackendTypeName_FailsWithAClearError(string typeName, string expected)
    {
        using var cli = Tutorial(new() { ["BATON__XCOM__BACKEND"] = typeName });

        var result = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }
}
