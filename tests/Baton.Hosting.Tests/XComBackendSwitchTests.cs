using Baton.Hosting.Tests.Support;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>
/// Changing BATON__XCOM__BACKEND between runs on one BATON_HOME: each row is read and purged by the backend that wrote
/// it, so values stay readable and no object is stranded; a row of a backend no longer selected is an error that says so.
/// </summary>
public sealed class XComBackendSwitchTests : IDisposable
{
    private const string RunId = "manual__2031-01-01T00:00:00+00:00";
    private const string LocalJson = "XComTutorial.Include.LocalJsonXComBackend, XComTutorial";

    private readonly CliRunner _cli = new(null, typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());
    private readonly string _store;
    private readonly Dictionary<string, string> _objectStorage;

    public XComBackendSwitchTests()
    {
        _store = Path.Combine(_cli.Home, "xcoms");
        _objectStorage = new() { ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(_store + "/").AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = "0" };
    }

    private string TutorialStore => Path.Combine(_cli.BatonHome, LocalJsonXComBackend.DirectoryName);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task FromObjectStorageToAUsersBackend_OldValuesStayReadable_AndTheRerunPurgesTheirObjects()
    {
        var first = await RunAsync(_objectStorage, "dags", "test", "simple_xcom", "2031-01-01");
        Assert.Equal(2, ValueFiles(_store).Count);   // generate_value's value and its manifest

        var user = new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = LocalJson };
        var get = await RunAsync(user, "xcom", "get", "simple_xcom", RunId, "generate_value");
        Assert.Contains("\"RandomNumber\"", get.Output);

        var rerun = await RunAsync(user, "dags", "test", "simple_xcom", "2031-01-01");
        Assert.Empty(ValueFiles(_store));
        Assert.Single(Directory.EnumerateFiles(TutorialStore, "data_*.json", SearchOption.AllDirectories));
        Assert.DoesNotContain("Could not purge", rerun.Error + first.Error);
    }

    [Fact]
    public async Task FromObjectStorageToTheDatabase_OldValuesStayReadable_AndDeletingPurgesTheirObjects()
    {
        await RunAsync(_objectStorage, "dags", "test", "simple_xcom", "2031-01-01");
        var database = new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "database" };

        var get = await RunAsync(database, "xcom", "get", "simple_xcom", RunId, "generate_value");
        Assert.Contains("\"RandomNumber\"", get.Output);
        await RunAsync(database, "xcom", "delete", "simple_xcom", "--run-id", RunId, "--task-id", "generate_value", "--yes");

        Assert.Empty(ValueFiles(_store));
    }

    [Fact]
    public async Task FromAUsersBackendToObjectStorage_ItsRowsAreAClearErrorAndItsFilesAreLeftInPlace()
    {
        await RunAsync(new() { ["BATON__XCOM__BACKEND"] = LocalJson }, "dags", "test", "simple_xcom", "2031-01-01");
        var written = Assert.Single(Directory.EnumerateFiles(TutorialStore, "data_*.json", SearchOption.AllDirectories));

        var get = await _cli.RunAsync(["xcom", "get", "simple_xcom", RunId, "generate_value"], CancellationToken.None, _objectStorage);
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("is stored at 'xcom_local://", get.Error);
        Assert.Contains("a reference another XCom backend wrote; select that backend with BATON__XCOM__BACKEND", get.Error);

        var delete = await _cli.RunAsync(["xcom", "delete", "simple_xcom", "--run-id", RunId, "--task-id", "generate_value", "--yes"], CancellationToken.None, _objectStorage);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.True(File.Exists(written), "a value another backend wrote was deleted by the objectstorage backend");
        Assert.DoesNotContain("   at ", delete.Error);
    }

    private async Task<CliResult> RunAsync(Dictionary<string, string> variables, params string[] args)
    {
        var result = await _cli.RunAsync(args, CancellationToken.None, variables);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static List<string> ValueFiles(string store) =>
        Directory.Exists(store) ? Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".meta", StringComparison.Ordinal)).ToList() : [];
}
