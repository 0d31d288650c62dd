using Baton.Configuration;
using Baton.Storage;
using Baton.Testing;
using Baton.XComs;
using Baton.XComs.Objects;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.XComs;

/// <summary>
/// Nothing Baton did not write is ever deleted: user files, another installation's values, look-alike names, copied
/// manifests, rows edited to point elsewhere and symbolic links all survive every sweep and every delete path.
/// </summary>
public sealed class StoreOwnershipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("baton-ownership-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly InlineDag Unused = new("unused", dag => dag.Task("t", () => 1));

    private static XComKey Key(string key = "return_value") => new("dag", "run", "task", -1, key);

    private string Store => Path.Combine(_root, "xcoms");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<EngineHost> StartAsync(string? path = null, string? home = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = path ?? new Uri(Store + "/").AbsoluteUri,
            ["BATON__XCOM__THRESHOLD"] = "0",
        };
        return EngineHost.StartAsync([Unused], settings, home: home);
    }

    private static string WriteOldFile(string path, string text = "user data")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-2));
        return path;
    }

    private static void Age(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-2));
        }
    }

    [Fact]
    public async Task Sweep_WhenPrefixHoldsUserFiles_LeavesThemUntouched()
    {
        var notes = WriteOldFile(Path.Combine(Store, "notes.txt"));
        var bashrc = WriteOldFile(Path.Combine(Store, ".bashrc"));
        var thesis = WriteOldFile(Path.Combine(Store, "docs", "thesis.docx"));
        await using var host = await StartAsync();
        await host.XComs.Backend.SerializeValueAsync(Key("orphan"), "a value of ours with no row", typeof(string), Ct);
        Age(Store);

        var report = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);

        Assert.True(File.Exists(notes) && File.Exists(bashrc) && File.Exists(thesis));
        Assert.Equal("user data", await File.ReadAllTextAsync(thesis, Ct));
        Assert.Single(report!.Deleted);
        Assert.Equal(3, report.Foreign.Count);
        Assert.Contains(new Uri(thesis).AbsoluteUri, report.Foreign);
    }

    [Fact]
    public async Task Sweep_WhenAnotherInstallationSharesThePrefix_LeavesItsLiveAndOrphanedValues()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        await first.XComs.PushAsync(Key("live"), "first's live value", typeof(string), Ct);
        await first.XComs.Backend.SerializeValueAsync(Key("lost"), "first's orphan", typeof(string), Ct);
        await second.XComs.Backend.SerializeValueAsync(Key("lost"), "second's orphan", typeof(string), Ct);
        Age(Store);

        var bySecond = await second.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);

        Assert.Equal("first's live value", await first.XComs.PullAsync<string>(Key("live"), Ct));
        Assert.Single(bySecond!.Deleted);
        Assert.Equal(2, bySecond.Foreign.Count);
        var byFirst = await first.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);
        Assert.Single(byFirst!.Deleted);
        Assert.Equal("first's live value", await first.XComs.PullAsync<string>(Key("live"), Ct));
    }

    [Fact]
    public async Task Sweep_FilesThatOnlyLookLikeBatonsLayoutOrCarryACopiedManifest_AreLeftInPlace()
    {
        await using var other = await StartAsync(new Uri(Path.Combine(_root, "elsewhere") + "/").AbsoluteUri);
        await other.XComs.PushAsync(Key(), "someone else's", typeof(string), Ct);
        var otherObject = new Uri((await other.XComs.GetAsync(Key(), Ct))!.Payload.Location!).LocalPath;
        var otherRelative = Path.GetRelativePath(Path.Combine(_root, "elsewhere"), otherObject);
        var copied = Path.Combine(Store, otherRelative);
        Directory.CreateDirectory(Path.GetDirectoryName(copied)!);
        File.Copy(otherObject, copied);
        File.Copy(otherObject + XComObjectManifest.Suffix, copied + XComObjectManifest.Suffix);
        File.Copy(otherObject + ".meta", copied + ".meta");
        var lookalike = WriteOldFile(Path.Combine(Store, "dag", "run", "task", "-1", "return_value", "20240101T000000Z-0123456789abcdef0123456789abcdef.json"));
        await using var host = await StartAsync();
        Age(Store);

        var report = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);

        Assert.True(File.Exists(copied) && File.Exists(copied + XComObjectManifest.Suffix) && File.Exists(lookalike));
        Assert.Empty(report!.Deleted);
    }

    [Fact]
    public async Task Purge_WhenARowWasEditedToPointAtAUserFile_LeavesTheFile()
    {
        var notes = WriteOldFile(Path.Combine(_root, "home", "notes.txt"));
        await using var host = await StartAsync();
        await host.XComs.PushAsync(Key(), "value", typeof(string), Ct);
        await using (var connection = new SqliteConnection($"Data Source={host.Paths.DatabaseFile}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE xcom SET location = $location";
            command.Parameters.AddWithValue("$location", new Uri(notes).AbsoluteUri);
            await command.ExecuteNonQueryAsync(Ct);
        }

        Assert.Equal(1, await host.XComs.DeleteAsync(new XComFilter { DagId = "dag" }, Ct));

        Assert.Equal("user data", await File.ReadAllTextAsync(notes, Ct));
    }

    [Fact]
    public async Task Purge_WhenARowWasEditedToPointAtAnotherInstallationsObject_LeavesIt()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        await first.XComs.PushAsync(Key(), "first's", typeof(string), Ct);
        await second.XComs.PushAsync(Key(), "second's", typeof(string), Ct);
        var firstLocation = (await first.XComs.GetAsync(Key(), Ct))!.Payload.Location!;
        var secondRow = (await second.XComs.GetAsync(Key(), Ct))!;
        await second.Store.SetXComAsync(secondRow with { Payload = secondRow.Payload with { Location = firstLocation } }, Ct);

        await second.XComs.DeleteAsync(new XComFilter { DagId = "dag" }, Ct);

        Assert.Equal("first's", await first.XComs.PullAsync<string>(Key(), Ct));
    }

    [Fact]
    public async Task SweepAndPurge_NeverFollowSymbolicLinksOutOfTheStore()
    {
        var outside = Path.Combine(_root, "outside");
        var target = WriteOldFile(Path.Combine(outside, "dag", "precious.txt"));
        var targetFile = WriteOldFile(Path.Combine(_root, "outside-file.txt"));
        Directory.CreateDirectory(Store);
        Directory.CreateSymbolicLink(Path.Combine(Store, "linked-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(Store, "linked-file.json"), targetFile);
        await using var host = await StartAsync();

        await host.XComs.SweepOrphansAsync(TimeSpan.FromSeconds(-5), dryRun: false, Ct);

        Assert.True(File.Exists(target) && File.Exists(targetFile));
        Assert.NotNull(new FileInfo(Path.Combine(Store, "linked-file.json")).LinkTarget);
    }

    [Fact]
    public async Task Push_ThroughASymbolicLinkInsideTheStore_IsRefusedAndWritesNothingOutside()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        Directory.CreateDirectory(Store);
        Directory.CreateSymbolicLink(Path.Combine(Store, "dag"), outside);
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => host.XComs.PushAsync(Key(), "value", typeof(string), Ct));

        Assert.Contains("symbolic link", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Theory]
    [InlineData("root")]
    [InlineData("home")]
    [InlineData("parent-of-baton-home")]
    [InlineData("baton-home")]
    public async Task ObjectStoragePath_ThatIsTheFileSystemRootTheHomeDirectoryOrHoldsBatonHome_IsRefused(string where)
    {
        var batonHome = Directory.CreateDirectory(Path.Combine(_root, "project", ".baton")).FullName;
        var path = where switch
        {
            "root" => "file:///",
            "home" => new Uri(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/").AbsoluteUri,
            "parent-of-baton-home" => new Uri(Path.Combine(_root, "project") + "/").AbsoluteUri,
            _ => new Uri(batonHome + "/").AbsoluteUri,
        };
        await using var host = await StartAsync(path, home: batonHome);

        var error = await Assert.ThrowsAsync<BatonConfigurationException>(() => host.XComs.PushAsync(Key(), "value", typeof(string), Ct));

        Assert.Contains("BATON__XCOM__PATH", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "project", "dag")));
    }
}
