using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>
/// What a new user does, outside the repository: <c>scripts/pack.sh</c>, <c>dotnet new install</c> of the template
/// package, <c>dotnet new baton</c> for each <c>--storage</c>, a build with warnings as errors (a dependency at another
/// version than an assembly was built against, MSB3277, fails it), and the sample DAG run by the built app, with its
/// value stored in the store the option adds (the emulators for s3, gcs, azure) through the settings and the emulator
/// connection the generated <c>.env</c> carries; <c>standalone</c> serving the generated project's API. The packages are
/// packed once for the class, at a version of their own.
/// </summary>
[Collection(TemplatePackagesGroup.Name)]
public sealed partial class TemplateTests(TemplatePackages packages)
{
    private const string RunId = "manual__2022-12-20T00:00:00+00:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    [InlineData("gcs")]
    [InlineData("azure")]
    public async Task NewProject_BuildsWithWarningsAsErrors_AndItsSampleDagStoresTheValueInTheChosenStore(string storage)
    {
        // The local project also takes --dataframes: its packages (Microsoft.Data.Analysis, Apache.Arrow, Parquet.Net) must build clean too.
        string[] options = storage == "local" ? ["--storage", storage, "--dataframes"] : ["--storage", storage];
        var project = await packages.CreateProjectAsync("MyDags" + char.ToUpperInvariant(storage[0]) + storage[1..], options);
        var csproj = XDocument.Parse(project.ReadFile(project.Name + ".csproj"));
        var references = csproj.Descendants("PackageReference").Where(r => ((string?)r.Attribute("Include"))?.StartsWith("Baton", StringComparison.Ordinal) == true)
            .ToDictionary(r => (string)r.Attribute("Include")!, r => (string?)r.Attribute("Version"));
        var added = storage switch { "s3" => "Baton.Storage.S3", "gcs" => "Baton.Storage.Gcs", "azure" => "Baton.Storage.Azure", _ => "Baton.DataFrames" };
        Assert.Equal(new[] { "Baton.Hosting", added }.Order(StringComparer.Ordinal), references.Keys.Order(StringComparer.Ordinal));
        Assert.All(references.Values, version => Assert.Equal(packages.Version, version));
        Assert.Contains($".Add{added.Split('.')[^1]}()", project.ReadFile("Program.cs"));
        Assert.Contains($"<add key=\"baton-packages\" value=\"{packages.PackageSource}\" />", project.ReadFile("nuget.config"));

        // As the README says: uncomment the object-storage settings and (on an emulator) its connection in .env. The path
        // gets a prefix of this run from the environment, which wins over .env.
        var env = UncommentObjectStorage(project.ReadFile(".env"), storage);
        project.WriteFile(".env", env);
        var prefix = $"template-tests/{Guid.NewGuid():N}";
        var path = storage == "local" ? $"file://{Path.Combine(project.Directory, "xcoms")}" : $"{Scheme(storage)}://{Connection(storage)}@{EmulatorObjects.Container(storage)}/{prefix}";
        if (storage != "local")
        {
            await EmulatorObjects.PrepareAsync(storage, Ct);
        }

        var build = await project.BuildAsync(Ct);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("MSB3277", build.Output);

        var settings = new Dictionary<string, string> { ["BATON__XCOM__PATH"] = path };
        var run = await project.RunAsync(settings, Ct, "dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"DAG run {RunId}: success", run.Output);
        var received = ReceivedLine().Match(run.Output);
        Assert.True(received.Success, run.ToString());

        var list = await project.RunAsync(settings, Ct, "xcom", "list", "--dag-id", "simple_xcom");
        Assert.True(list.ExitCode == 0, list.ToString());
        var location = Regex.Match(list.Output, $@"\| object +\| \d+ +\| json +\| zstd +\| ({Regex.Escape(path)}/simple_xcom/\S+\.json\.zst)");
        Assert.True(location.Success, list.ToString());

        // The value object and its manifest are in the store, and the value read back from there is the one printed.
        var key = location.Groups[1].Value[(path.Length + 1)..];
        var keys = storage == "local"
            ? Directory.EnumerateFiles(Path.Combine(project.Directory, "xcoms"), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(project.Directory, "xcoms"), f)).Where(f => !f.EndsWith(".meta", StringComparison.Ordinal)).ToList()
            : (await EmulatorObjects.KeysAsync(storage, prefix + "/", Ct)).Select(k => k[(prefix.Length + 1)..]).ToList();
        Assert.Equal([key, key + ".manifest.json"], keys.Order(StringComparer.Ordinal));
        var get = await project.RunAsync(settings, Ct, "xcom", "get", "simple_xcom", RunId, "generate_value");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains($"\"RandomNumber\": {received.Groups[1].Value},", get.Output);
    }

    [Fact]
    public async Task TestsOption_AddsATestProjectWhoseTestsPass()
    {
        var project = await packages.CreateProjectAsync("WithTests", "--tests");
        var testProject = Path.Combine("tests", "WithTests.Tests", "WithTests.Tests.csproj");
        Assert.True(File.Exists(Path.Combine(project.Directory, "global.json")), "global.json (Microsoft.Testing.Platform for dotnet test) is missing");

        var build = await project.BuildAsync(Ct, testProject);
        Assert.True(build.ExitCode == 0, build.ToString());
        var test = await ChildProcess.DotnetAsync(project.Directory, TimeSpan.FromMinutes(5), Ct, "test", "--project", testProject, "--no-build");

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"total: 2\s+failed: 0\s+succeeded: 2", test.Output);
    }

    [Fact]
    public async Task Telemetry_ExportsOverOtlpWhenTheEndpointIsSet_AndNothingWhenItIsNot()
    {
        var project = await packages.CreateProjectAsync("WithTelemetry");
        var build = await project.BuildAsync(Ct);
        Assert.True(build.ExitCode == 0, build.ToString());

        // Unset: no exporter, so nothing reaches the default OTLP endpoint (localhost:4317, gRPC).
        await using (var defaultEndpoint = TryListen(4317))
        {
            var quiet = await project.RunAsync(new Dictionary<string, string>(), Ct, "dags", "test", "simple_xcom", "2022-12-20");
            Assert.True(quiet.ExitCode == 0, quiet.ToString());
            Assert.Equal(0, defaultEndpoint.Connections);
        }

        await using var collector = new OtlpSink();
        var run = await project.RunAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }, Ct, "dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Received random number", run.Output);
        Assert.Contains("POST /v1/metrics HTTP/1.1", collector.Requests);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Standalone_RunsTheSchedulerAndTheWebServerOfTheGeneratedProject_UntilSigterm()
    {
        var project = await packages.CreateProjectAsync("WithStandalone");
        Assert.Contains("dotnet run -- standalone", project.ReadFile("README.md"), StringComparison.Ordinal);
        Assert.Contains(".baton/", project.ReadFile(".gitignore"), StringComparison.Ordinal);
        var build = await project.BuildAsync(Ct);
        Assert.True(build.ExitCode == 0, build.ToString());

        var none = new Dictionary<string, string>();
        using var app = project.Start(none, "standalone", "--port", "0");
        await app.WaitForOutputAsync("Baton standalone is running", Ct);
        var url = Regex.Match(app.OutputSoFar, @"Web server listening on (http://127\.0\.0\.1:\d+) ").Groups[1].Value;
        var password = Regex.Match(app.OutputSoFar, @"(?m)^Password: (\S+)\r?$").Groups[1].Value;
        Assert.True(url.Length > 0 && password.Length >= 20, app.OutputSoFar);
        var passwordFile = Path.Combine(project.Directory, ".baton", "standalone_admin_password.txt");
        Assert.Equal(password, File.ReadAllText(passwordFile).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));

        var token = await project.RunAsync(none, Ct, "users", "create-token", "--username", "admin", "--name", "tests");
        Assert.True(token.ExitCode == 0, token.ToString());
        using (var http = new HttpClient { BaseAddress = new Uri(url) })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Output.Trim());
            var dags = await http.GetStringAsync("/api/v1/dags", Ct);
            Assert.Contains("\"dag_id\":\"simple_xcom\"", dags, StringComparison.Ordinal);
        }

        await app.SignalAsync("TERM", Ct);
        var stopped = await app.WaitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("Baton standalone stopped.", stopped.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_CarryTheMetadataAndTheDependencyVersionsThatWork()
    {
        foreach (var id in TemplatePackages.Ids)
        {
            var nupkg = Path.Combine(packages.PackageSource, $"{id}.{packages.Version}.nupkg");
            var nuspec = ReadNuspec(nupkg);
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal(id, (string?)metadata.Element(ns + "id"));
            Assert.Equal(packages.Version, (string?)metadata.Element(ns + "version"));
            Assert.Equal("MIT", (string?)metadata.Element(ns + "license"));
            Assert.Equal("README.md", (string?)metadata.Element(ns + "readme"));
            Assert.Equal("https://github.com/baton-dev/baton", (string?)metadata.Element(ns + "repository")?.Attribute("url"));
            Assert.False(string.IsNullOrWhiteSpace((string?)metadata.Element(ns + "description")), id);
            Assert.Equal(id != "Baton.Templates", File.Exists(Path.ChangeExtension(nupkg, ".snupkg")));
        }

        var gcs = Dependencies(ReadNuspec(Path.Combine(packages.PackageSource, $"Baton.Storage.Gcs.{packages.Version}.nupkg")));
        Assert.Equal("4.16.0", gcs["Google.Api.Gax.Rest"]);
        Assert.Equal("1.78.0.4299", gcs["Google.Apis.Storage.v1"]);
        Assert.Equal("5.0.0", gcs["Google.Cloud.Storage.V1"]);
        Assert.Equal(packages.Version, gcs["Baton"]);
        Assert.Equal(packages.Version, Dependencies(ReadNuspec(Path.Combine(packages.PackageSource, $"Baton.Hosting.{packages.Version}.nupkg")))["Baton"]);
        Assert.Equal(packages.Version, Dependencies(ReadNuspec(Path.Combine(packages.PackageSource, $"Baton.Hosting.{packages.Version}.nupkg")))["Baton.Web"]);
        var web = Dependencies(ReadNuspec(Path.Combine(packages.PackageSource, $"Baton.Web.{packages.Version}.nupkg")));
        Assert.Equal(("10.0.15", "3.0.0"), (web["Microsoft.AspNetCore.OpenApi"], web["Scalar.AspNetCore"]));
    }

    private static XDocument ReadNuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    private static Dictionary<string, string> Dependencies(XDocument nuspec) =>
        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

    /// <summary>The .env as a user edits it: the object-storage settings and the emulator's connection line uncommented.</summary>
    private static string UncommentObjectStorage(string env, string storage)
    {
        var lines = env.Split('\n').ToList();
        string[] settings = ["# BATON__XCOM__BACKEND=objectstorage", "# BATON__XCOM__THRESHOLD=0", "# BATON__XCOM__COMPRESSION=zstd"];
        foreach (var setting in settings)
        {
            var at = lines.IndexOf(setting);
            Assert.True(at >= 0, $"'{setting}' is not in the generated .env:\n{env}");
            lines[at] = setting[2..];
        }

        if (storage != "local")
        {
            var connection = lines.FindIndex(l => l.StartsWith($"# BATON_CONN_{Connection(storage).ToUpperInvariant()}=", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal));
            Assert.True(connection >= 0, $"no emulator connection for {storage} in the generated .env:\n{env}");
            lines[connection] = lines[connection][2..];
        }

        return string.Join('\n', lines);
    }

    private static string Scheme(string storage) => storage switch { "s3" => "s3", "gcs" => "gs", _ => "az" };

    /// <summary>The connection ids the generated .env uses (the tutorial's).</summary>
    private static string Connection(string storage) => $"{storage}_xcom_backend_conn";

    private static OtlpSink TryListen(int port)
    {
        try
        {
            return new OtlpSink(port, alsoIpv6: true);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Assert.Skip($"port {port} (the default OTLP endpoint) is in use here, so 'nothing is exported' cannot be observed: {e.Message}");
            throw;
        }
    }

    [GeneratedRegex(@"Received random number (\d+) and record baton \[xcom, tutorial\] for 2022-12-20 in run manual__2022-12-20T00:00:00\+00:00")]
    private static partial Regex ReceivedLine();
}
