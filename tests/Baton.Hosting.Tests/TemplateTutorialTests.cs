using System.Text.RegularExpressions;
using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>
/// docs/tutorial.md followed from an empty folder outside the repository, for each store: the project from the template
/// (step 2), the connection from the generated .env (step 3), the files the tutorial shows written as a user pastes
/// them (steps 4 and 7), its package added and its Program.cs line inserted, then simple_xcom through the custom class
/// (steps 4–5; the built-in objectstorage backend for GCS and Azure, as the tutorial says) and fetch_pokemon_data
/// through objectstorage (steps 6–7), served the two PokeAPI answers the tutorial's offline commands write.
/// Nothing is copied from the repository.
/// </summary>
[Collection(TemplatePackagesGroup.Name)]
public sealed class TemplateTutorialTests(TemplatePackages packages)
{
    private const string RunId = "manual__2022-12-20T00:00:00+00:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    [InlineData("gcs")]
    [InlineData("azure")]
    public async Task Tutorial_FollowedFromAnEmptyFolder_RunsBothDagsOnTheStore(string storage)
    {
        var tutorial = TutorialDocument.Load();
        var step2 = tutorial.Find(@"dotnet new baton -n (XComTutorial) --storage s3 --dataframes");
        var project = await packages.CreateProjectInAsync(Path.Combine(packages.Work, "tutorial-" + storage), step2.Groups[1].Value, "--storage", storage, "--dataframes");

        // Step 3: the connection, from the emulator line of the generated .env.
        var env = project.ReadFile(".env");
        if (storage != "local")
        {
            env = Regex.Replace(env, $@"^# (BATON_CONN_{storage.ToUpperInvariant()}_XCOM_BACKEND_CONN=.*127\.0\.0\.1.*)$", "$1", RegexOptions.Multiline);
            Assert.Contains($"\nBATON_CONN_{storage.ToUpperInvariant()}_XCOM_BACKEND_CONN=", env);
            project.WriteFile(".env", env);
            await EmulatorObjects.PrepareAsync(storage, Ct);
        }

        // Steps 4 and 7: the files, the package and the Program.cs line, as the tutorial says.
        foreach (var (path, text) in tutorial.Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(project.Directory, path))!);
            project.WriteFile(path, text);
        }

        var package = tutorial.Find(@"dotnet add package (Microsoft\.Extensions\.Http) --version (\S+)");
        var add = await ChildProcess.DotnetAsync(project.Directory, TimeSpan.FromMinutes(3), Ct,
            "add", project.Name + ".csproj", "package", package.Groups[1].Value, "--version", package.Groups[2].Value);
        Assert.True(add.ExitCode == 0, add.ToString());
        var registration = tutorial.Find(@"```csharp\n(builder\.Services\.AddHttpClient<PokeApiClient>\(\);)\n```").Groups[1].Value;
        Assert.Contains("Register it in `Program.cs`, before `builder.AddBaton()`, with `using XComTutorial.Include;` at the top", tutorial.Text);
        var program = project.ReadFile("Program.cs");
        program = "using XComTutorial.Include;\n" + program.Replace("builder.AddBaton()", registration + "\nbuilder.AddBaton()", StringComparison.Ordinal);
        project.WriteFile("Program.cs", program);

        var build = await project.BuildAsync(Ct);
        Assert.True(build.ExitCode == 0, build.ToString());

        // Steps 4–5: simple_xcom through the tutorial's class (S3, local), or the built-in objectstorage backend (GCS, Azure).
        var prefix = $"tutorial-tests/{Guid.NewGuid():N}";
        var objectPath = storage == "local"
            ? $"file://{Path.Combine(project.Directory, "xcoms")}"
            : $"{(storage == "gcs" ? "gs" : storage == "s3" ? "s3" : "az")}://{storage}_xcom_backend_conn@{EmulatorObjects.Container(storage)}/{prefix}";
        var step5 = storage switch
        {
            "s3" => new Dictionary<string, string>
            {
                ["BATON__XCOM__BACKEND"] = tutorial.Find(@"BATON__XCOM__BACKEND=(XComTutorial\.Include\.S3JsonXComBackend, XComTutorial)").Groups[1].Value,
                ["BATON__TUTORIAL__S3_XCOM_URL"] = objectPath,
            },
            "local" => new Dictionary<string, string>
            {
                ["BATON__XCOM__BACKEND"] = tutorial.Find(@"BATON__XCOM__BACKEND=(XComTutorial\.Include\.LocalJsonXComBackend, XComTutorial)").Groups[1].Value,
            },
            _ => new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = objectPath, ["BATON__XCOM__THRESHOLD"] = "0" },
        };
        var simple = await project.RunAsync(step5, Ct, "dags", "test", "simple_xcom", "2022-12-20");
        Assert.True(simple.ExitCode == 0, simple.ToString());
        Assert.Contains($"DAG run {RunId}: success", simple.Output);
        var list = await project.RunAsync(step5, Ct, "xcom", "list", "--dag-id", "simple_xcom");
        Assert.True(list.ExitCode == 0, list.ToString());
        var reference = storage switch { "s3" => "xcom_s3://" + prefix + "/", "local" => "xcom_local://", _ => objectPath + "/simple_xcom/" };
        Assert.Contains(reference, list.Output);
        if (storage == "local")
        {
            Assert.Single(Directory.EnumerateFiles(Path.Combine(project.Directory, ".baton", "tutorial-xcoms"), "data_*.json", SearchOption.AllDirectories));
        }
        else
        {
            Assert.NotEmpty(await EmulatorObjects.KeysAsync(storage, prefix + "/", Ct));
        }

        // Steps 6–7: fetch_pokemon_data on objectstorage, PokeAPI served from the folder the tutorial's offline commands write.
        foreach (Match answer in Regex.Matches(tutorial.Text, @"echo '(\{.*?\})' > (pokeapi/api/v2/pokemon/\w+)"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(project.Directory, answer.Groups[2].Value))!);
            project.WriteFile(answer.Groups[2].Value, answer.Groups[1].Value);
        }

        using var api = new SamplePokeApi(Path.Combine(project.Directory, "pokeapi"));
        var step7 = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = objectPath, ["BATON__XCOM__THRESHOLD"] = "0",
            ["BATON__XCOM__COMPRESSION"] = "none", ["BATON__POKEAPI__BASE_URL"] = api.BaseUrl,
        };
        var fetch = await project.RunAsync(step7, Ct, "dags", "test", "fetch_pokemon_data", "2022-12-20");
        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains("pikachu has a base xp to height ratio of 28.0", fetch.Output);
        Assert.Contains("vulpix has a base xp to height ratio of 10.0", fetch.Output);
        Assert.Equal(2, api.Requests);

        var frame = await project.RunAsync(step7, Ct, "xcom", "get", "fetch_pokemon_data", RunId, "calculate_xp_per_height");
        Assert.True(frame.ExitCode == 0, frame.ToString());
        Assert.Contains("parquet: 2 rows × 4 columns", frame.Output);
        Assert.Matches(@"pikachu \| 112 +\| 4 +\| 28", frame.Output);
    }
}
