using System.Security.Cryptography;
using System.Text.Json;
using Baton.Hosting.Tests.Support;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>
/// What a user sees when the settings or the app are wrong: one clear error line naming the file or variable, exit code 1,
/// no stack trace (unless --verbose), and every setting checked before any task runs.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static CliRunner Tutorial(Dictionary<string, string>? variables = null) =>
        new(variables, typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertNoStackTrace(CliResult result)
    {
        Assert.DoesNotContain("Unhandled exception", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Theory]
    [InlineData("{\"core\": {", "is not valid JSON at line 1, byte 11: Expected depth to be zero at the end of the JSON payload.")]
    [InlineData("[1,2]", "is not a settings file: Top-level JSON element must be an object. Instead, 'Array' was found.")]
    [InlineData("42", "is not a settings file: Top-level JSON element must be an object. Instead, 'Number' was found.")]
    public async Task MalformedSettingsFile_FailsWithOneLineNamingTheFile(string content, string expected)
    {
        var file = Path.Combine(_cli.Home, "baton.json");
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("dags", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: baton.json ('{file}') {expected}", Assert.Single(Lines(result.Error)));
        AssertNoStackTrace(result);
    }

    [Theory]
    [InlineData("Data Source=x;;;=bad", "Format of the initialization string does not conform to specification starting at index 16.")]
    [InlineData("Data Source=x;Password=hunter2;Default Timeout=hunter2", "The input string '***' was not in a correct format.")]
    public async Task MalformedConnectionString_NamesTheVariableAndNeverPrintsThePassword(string connectionString, string reason)
    {
        var result = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__DATABASE__CONNECTION_STRING"] = connectionString });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: invalid setting: BATON__DATABASE__CONNECTION_STRING is not a valid SQLite connection string (e.g. Data Source=/var/baton/baton.db): {reason}",
            Assert.Single(Lines(result.Error)));
        Assert.DoesNotContain("hunter2", result.Error + result.Output);
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task BatonHomeNamingAFile_FailsNamingTheVariableAndTheFile()
    {
        var file = Path.Combine(_cli.Home, "not-a-directory");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON_HOME"] = file });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: invalid setting: BATON_HOME='{file}' names a file ('{file}'), not a directory", Assert.Single(Lines(result.Error)));
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task UnexpectedException_IsOneLineWithItsType_AndTheStackTraceGoesToTheErrorLog()
    {
        var result = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = BrokenXComBackend.TypeName });

        var log = Path.Combine(_cli.BatonHome, "logs", "cli", "errors.log");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: {BrokenXComBackend.Message} (NotSupportedException). Run again with --verbose for the stack trace (also in {log}).",
            Assert.Single(Lines(result.Error)));
        AssertNoStackTrace(result);
        var logged = await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken);
        Assert.Contains("dags list", logged);
        Assert.Contains($"System.NotSupportedException: {BrokenXComBackend.Message}", logged);
        Assert.Contains("   at Baton.Hosting.Tests.Support.BrokenXComBackend..ctor()", logged);
    }

    [Fact]
    public async Task UnexpectedException_WithVerbose_PrintsTheStackTrace()
    {
        var result = await _cli.RunAsync(["dags", "list", "--verbose"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = BrokenXComBackend.TypeName });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {BrokenXComBackend.Message} (NotSupportedException)\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Contains($"System.NotSupportedException: {BrokenXComBackend.Message}", result.Error);
        Assert.Contains("   at Baton.Hosting.Tests.Support.BrokenXComBackend..ctor()", result.Error);
    }

    [Fact]
    public async Task Command_WhenCancelled_EndsWithExitCode130AndNoStackTrace()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await _cli.RunAsync(["dags", "test", "cli_pipeline", "2024-01-02"], cancelled.Token);

        Assert.Equal(130, result.ExitCode);
        AssertNoStackTrace(result);
        Assert.DoesNotContain("total is", result.Output);
    }

    [Fact]
    public async Task ParseErrors_EndWithExitCode2()
    {
        var result = await _cli.RunAsync("dags", "explode");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unrecognized command or argument 'explode'", result.Error);
    }

    [Fact]
    public async Task BadSettingsFromVariables_AreReportedTogetherByVariable_BeforeAnyTaskRuns()
    {
        var result = await _cli.RunAsync(["dags", "test", "cli_pipeline", "2024-01-02"], CancellationToken.None, new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = "relative/dir", ["BATON__XCOM__COMPRESSION"] = "lz4",
            ["BATON__CORE__PARALLELISM"] = "abc",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "error: 3 invalid settings:",
                "- BATON__CORE__PARALLELISM must be a whole number, not 'abc'",
                "- BATON__XCOM__COMPRESSION='lz4' is not a known compression; use one of brotli, gzip, none, zstd",
                "- BATON__XCOM__PATH='relative/dir' is not an absolute URL; write it as a URL, e.g. file:///var/baton/xcom or s3://conn_id@bucket/prefix",
            ],
            Lines(result.Error));
        Assert.DoesNotContain("xcom:", result.Error);
        Assert.DoesNotContain("total is", result.Output);
        Assert.False(File.Exists(Path.Combine(_cli.BatonHome, "baton.db")), "no run may be recorded: the settings are checked before the database is opened");
    }

    [Fact]
    public async Task BadSettingsFromTheSettingsFile_AreNamedByTheirKeyInTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "baton.json"), """
            { "xcom": { "backend": "objectstorage", "path": "relative/dir", "compression": "lz4" }, "core": { "Parallelism": "abc" } }
            """, TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("dags", "test", "cli_pipeline", "2024-01-02");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- core.Parallelism in baton.json must be a whole number (a JSON number, without quotes), not the string \"abc\"", result.Error);
        Assert.Contains("- xcom.compression in baton.json='lz4' is not a known compression", result.Error);
        Assert.Contains("- xcom.path in baton.json='relative/dir' is not an absolute URL", result.Error);
        Assert.DoesNotContain("BATON__", result.Error);
        Assert.DoesNotContain("total is", result.Output);
    }

    [Fact]
    public async Task BadSettingFromTheDotEnvFile_IsNamedAsInTheDotEnvFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, ".env"), "BATON__XCOM__COMPRESSION=lz4\n", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("dags", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: invalid setting: BATON__XCOM__COMPRESSION in .env='lz4' is not a known compression", Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task StorePathWithAnUnregisteredScheme_FailsAtStartNamingThePackage()
    {
        var result = await _cli.RunAsync(["dags", "test", "cli_pipeline", "2024-01-02"], CancellationToken.None, new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = "s3://my_conn@bucket/xcoms",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: invalid setting: BATON__XCOM__PATH='s3://my_conn@bucket/xcoms': no object store for 's3://' is registered in this app (known: file://); " +
            "register it with services.AddBatonS3() from Baton.Storage.S3",
            Assert.Single(Lines(result.Error)));
        Assert.DoesNotContain("total is", result.Output);
    }

    [Fact]
    public async Task EncryptionKeyThatIsNotAKey_FailsAtStartWithoutShowingIt()
    {
        var result = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__SECURITY__ENCRYPTION_KEY"] = "not-my-real-key" });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: invalid setting: BATON__SECURITY__ENCRYPTION_KEY must be 32 bytes in base64", Assert.Single(Lines(result.Error)));
        Assert.DoesNotContain("not-my-real-key", result.Error);
    }

    [Fact]
    public async Task DataFrameSettings_AreCheckedAtStartEvenByCommandsThatPassNoDataFrame()
    {
        using var cli = Tutorial(new() { ["BATON__DATAFRAMES__FORMAT"] = "csv", ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "many" });

        var result = await cli.RunAsync("dags", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["error: invalid setting: BATON__DATAFRAMES__ROW_GROUP_SIZE must be a whole number, not 'many'"],
            Lines(result.Error));

        var format = await cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "1000" });
        Assert.Equal(1, format.ExitCode);
        Assert.Equal(["error: invalid setting: BATON__DATAFRAMES__FORMAT must be 'parquet' or 'arrow', not 'csv'"], Lines(format.Error));
    }

    [Fact]
    public async Task UnknownKeyInAKnownSection_IsAWarningThatSuggestsTheSetting()
    {
        var result = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__TRESHOLD"] = "10" });

        Assert.Contains("warning: BATON__XCOM__TRESHOLD is not a setting Baton knows and is ignored; did you mean BATON__XCOM__THRESHOLD?", result.Error);
        Assert.Contains("cli_pipeline", result.Output);
    }

    [Fact]
    public async Task GcsKeyWithADamagedPrivateKey_FailsTheTaskWithAClearMessage()
    {
        using var cli = Tutorial(new()
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = "gs://gcs_damaged@bucket/xcoms", ["BATON__XCOM__THRESHOLD"] = "0",
            ["BATON_CONN_GCS_DAMAGED"] = JsonSerializer.Serialize(new
            {
                conn_type = "google_cloud_platform",
                extra = new { keyfile_dict = new { type = "service_account", project_id = "demo", private_key = DamagedPrivateKey(), client_email = "a@demo.iam.gserviceaccount.com" } },
            }),
        });

        var result = await cli.RunAsync("dags", "test", "simple_xcom", "2022-12-20", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"generate_value\s+\| -1\s+\| failed", result.Output);
        Assert.Contains(
            "BatonConfigurationException: Connection 'gcs_damaged': the keyfile_dict could not be loaded as a service_account credential (InvalidDataException); " +
            "check that it is a complete, unmodified key.", result.Error);
        AssertNoStackTrace(result);
    }

    [Theory]
    [InlineData("{\"core\": {", "baton.json", "is not valid JSON at line 1, byte 11")]
    [InlineData("SECRET=\"s3cr3t-value\nB=1\n", ".env", "cannot be parsed at line 3, column 1: Unexpected end of input reached; expected \"")]
    public async Task RealApp_WithAMalformedFile_ExitsWith1AndOneErrorLine(string content, string fileName, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("baton-app-").FullName;
        try
        {
            var file = Path.Combine(directory, fileName);
            await File.WriteAllTextAsync(file, content, ct);
            var startInfo = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "XComTutorial.dll"));
            startInfo.ArgumentList.Add("dags");
            startInfo.ArgumentList.Add("list");
            foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("BATON", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                startInfo.Environment.Remove(name);
            }

            using var process = System.Diagnostics.Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var error = await stderr;

            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}\n{await stdout}\n{error}");
            Assert.StartsWith($"error: {fileName} ('{file}') {expected}", Assert.Single(Lines(error)));
            Assert.DoesNotContain("Unhandled exception", error);
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain("s3cr3t", error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A PKCS#8 PEM cut after its first lines: the DER inside claims more bytes than there are.</summary>
    private static string DamagedPrivateKey()
    {
        using var rsa = RSA.Create(2048);
        var lines = rsa.ExportPkcs8PrivateKeyPem().Split('\n');
        return string.Join('\n', lines.Take(4)) + "\n-----END PRIVATE KEY-----\n";
    }
}
