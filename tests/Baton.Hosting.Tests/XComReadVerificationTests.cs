using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>
/// Reading verifies before it trusts: an object's manifest must describe the location it was read from, and a value
/// written to a file appears there only once its checksum has been checked.
/// </summary>
public sealed class XComReadVerificationTests : IDisposable
{
    private const string FirstRun = "manual__2024-03-01T00:00:00+00:00";
    private readonly string _store = Directory.CreateTempSubdirectory("baton-cli-store-").FullName;
    private readonly string _outputs = Directory.CreateTempSubdirectory("baton-cli-out-").FullName;
    private CliRunner _cli;

    public XComReadVerificationTests() => _cli = Runner("none");

    private string OutputFile => Path.Combine(_outputs, "value.json");

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_store, recursive: true);
        Directory.Delete(_outputs, recursive: true);
    }

    private CliRunner Runner(string compression) => new(new Dictionary<string, string>
    {
        ["BATON__XCOM__BACKEND"] = "objectstorage",
        ["BATON__XCOM__PATH"] = new Uri(_store + "/").AbsoluteUri + "xcom",
        ["BATON__XCOM__THRESHOLD"] = "0",
        ["BATON__XCOM__COMPRESSION"] = compression,
    });

    private void UseCompression(string compression)
    {
        _cli.Dispose();
        _cli = Runner(compression);
    }

    private async Task RunPipelineAsync(string date)
    {
        var result = await _cli.RunAsync("dags", "test", "cli_pipeline", date, "-q");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>The location and the file of a task's object in the given run, as <c>xcom list</c> shows it.</summary>
    private async Task<(string Location, string File)> ObjectOfAsync(string runId, string taskId)
    {
        var list = await _cli.RunAsync("xcom", "list", "--run-id", runId, "--task-id", taskId);
        var location = list.Output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("file://", StringComparison.Ordinal));
        return (location, new Uri(location).LocalPath);
    }

    /// <summary>Flips one byte in the middle of an object, keeping its size.</summary>
    private static void Corrupt(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
    }

    private void AssertOutputDirectoryHolds(params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), Directory.EnumerateFiles(_outputs).Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Fact]
    public async Task XComInspect_OfAnObjectWhoseObjectAndManifestWereReplacedByAnotherRuns_FailsNamingBoth()
    {
        await RunPipelineAsync("2024-03-01");
        await RunPipelineAsync("2024-03-02");
        var (asked, askedFile) = await ObjectOfAsync(FirstRun, "transform");
        var (other, otherFile) = await ObjectOfAsync("manual__2024-03-02T00:00:00+00:00", "transform");
        foreach (var suffix in new[] { "", ".manifest.json", ".meta" }.Where(s => File.Exists(otherFile + s)))
        {
            File.Copy(otherFile + suffix, askedFile + suffix, overwrite: true);
        }

        var inspect = await _cli.RunAsync("xcom", "inspect", asked);

        Assert.True(inspect.ExitCode == 1, inspect.ToString());
        Assert.Contains($"'{asked}'", inspect.Error, StringComparison.Ordinal);
        Assert.Contains($"'{other}'", inspect.Error, StringComparison.Ordinal);
        Assert.Contains("run 'manual__2024-03-02T00:00:00+00:00'", inspect.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("3.75", inspect.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XComInspect_OfAnUntouchedObject_StillReadsIt()
    {
        await RunPipelineAsync("2024-03-01");
        var (location, _) = await ObjectOfAsync(FirstRun, "transform");

        var inspect = await _cli.RunAsync("xcom", "inspect", location, "--output", OutputFile);

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal("3.75", await File.ReadAllTextAsync(OutputFile, TestContext.Current.CancellationToken));
        AssertOutputDirectoryHolds("value.json");
    }

    [Theory]
    [InlineData("get", "none")]
    [InlineData("inspect", "none")]
    [InlineData("get", "zstd")]
    [InlineData("inspect", "zstd")]
    public async Task OutputOfACorruptedObject_ExitsOneAndWritesNoFile(string command, string compression)
    {
        UseCompression(compression);
        await RunPipelineAsync("2024-03-01");
        var (location, file) = await ObjectOfAsync(FirstRun, "extract");
        Corrupt(file);

        var result = command == "get"
            ? await _cli.RunAsync("xcom", "get", "cli_pipeline", FirstRun, "extract", "--output", OutputFile)
            : await _cli.RunAsync("xcom", "inspect", location, "--output", OutputFile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(location, result.Error, StringComparison.Ordinal);
        AssertOutputDirectoryHolds();
    }

    [Theory]
    [InlineData("get")]
    [InlineData("inspect")]
    public async Task OutputOfACorruptedObject_LeavesAnExistingFileAsItWas(string command)
    {
        await RunPipelineAsync("2024-03-01");
        var (location, file) = await ObjectOfAsync(FirstRun, "extract");
        Corrupt(file);
        await File.WriteAllTextAsync(OutputFile, "kept", TestContext.Current.CancellationToken);

        var result = command == "get"
            ? await _cli.RunAsync("xcom", "get", "cli_pipeline", FirstRun, "extract", "--output", OutputFile)
            : await _cli.RunAsync("xcom", "inspect", location, "--output", OutputFile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("kept", await File.ReadAllTextAsync(OutputFile, TestContext.Current.CancellationToken));
        AssertOutputDirectoryHolds("value.json");
    }
}
