using System.Diagnostics;
using Baton.Storage;
using Baton.XComs.Objects;
using Microsoft.Extensions.DependencyInjection;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Tests.Storage;

/// <summary>Ids of any accepted length work on the local store, and a failed write reports its own cause, not its clean-up's.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreLimitsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("baton-limits-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Writable(_root);
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("thousand-character-key")]
    [InlineData("run-id-of-a-hundred-colons")]
    public async Task Push_WithIdsPastTheFileSystemsNameLimit_RoundTripsAndListsTheRealIds(string which)
    {
        var key = which == "thousand-character-key"
            ? new XComKey("dag", "run", "task", -1, string.Concat(Enumerable.Repeat("ключ-", 200)))
            : new XComKey("dag", new string(':', 100), "task", -1, "return_value");
        var settings = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(_root + "/").AbsoluteUri,
            ["BATON__XCOM__THRESHOLD"] = "0",
        };
        await using var host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))], settings);

        await host.XComs.PushAsync(key, "exact value", typeof(string), Ct);

        Assert.Equal("exact value", await host.XComs.PullAsync<string>(key, Ct));
        var row = Assert.Single(await host.XComs.ListAsync(new XComFilter(), Ct));
        Assert.Equal(key, row.Key);
        var manifest = await host.Services.GetService<XComObjectInspector>()!.ReadManifestAsync(row.Payload.Location!, Ct);
        Assert.Equal(key, manifest.ToKey());
        Assert.All(Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories),
            entry => Assert.True(System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(entry)) <= 255, entry));
    }

    [Fact]
    public async Task Put_IntoAReadOnlyStoreDirectory_FailsNamingTheStoreAsNotWritable()
    {
        var store = new LocalObjectStore(_root);
        ReadOnly(_root);
        try
        {
            var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
                store.PutAsync("dag/run/value.json", new MemoryStream([1, 2, 3]), new Dictionary<string, string>(), Ct));

            Assert.Contains(_root, error.Message);
            Assert.Contains("not writable", error.Message);
            Assert.IsNotType<DirectoryNotFoundException>(error.InnerException);
        }
        finally
        {
            Writable(_root);
        }
    }

    [Fact]
    public async Task BeginPut_IntoAReadOnlyStoreDirectory_FailsNamingTheStoreAsNotWritable()
    {
        var store = new LocalObjectStore(_root);
        Directory.CreateDirectory(Path.Combine(_root, "dag"));
        ReadOnly(Path.Combine(_root, "dag"));
        try
        {
            var error = Assert.Throws<ObjectStoreException>(() => store.BeginPut("dag/value.json", new Dictionary<string, string>()));

            Assert.Contains(_root, error.Message);
            Assert.Contains("not writable", error.Message);
        }
        finally
        {
            Writable(Path.Combine(_root, "dag"));
        }
    }

    /// <summary>Makes a directory read-only, also for root (who ignores permission bits): with the immutable attribute.</summary>
    internal static void ReadOnly(string directory)
    {
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (Environment.UserName == "root")
        {
            Chattr("+i", directory);
        }
    }

    internal static void Writable(string directory)
    {
        if (Environment.UserName == "root" && Directory.Exists(directory))
        {
            Chattr("-i", directory);
        }

        if (Directory.Exists(directory))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {flag} {path}: {process.StandardError.ReadToEnd()}");
    }
}
