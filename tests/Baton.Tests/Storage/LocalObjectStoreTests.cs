using System.Text;
using Baton.Storage;

namespace Baton.Tests.Storage;

public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("baton-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task PutOpenStatListDelete_WorkOnRealFiles()
    {
        var store = new LocalObjectStore(_root);
        var ct = TestContext.Current.CancellationToken;

        await store.PutAsync("a/b/one.txt", Bytes("hello"), new Dictionary<string, string> { ["owner"] = "me" }, ct);
        await store.PutAsync("a/two.txt", Bytes("world!"), new Dictionary<string, string>(), ct);

        await using (var read = await store.OpenReadAsync("a/b/one.txt", ct))
        {
            Assert.Equal("hello", await new StreamReader(read).ReadToEndAsync(ct));
        }

        var info = await store.StatAsync("a/b/one.txt", ct);
        Assert.Equal((5L, "me"), (info!.Size, info.Metadata["owner"]));
        var listed = new List<string>();
        await foreach (var o in store.ListAsync("a/", ct))
        {
            listed.Add(o.Key);
        }

        Assert.Equal(["a/b/one.txt", "a/two.txt"], listed.Order(StringComparer.Ordinal));
        await store.DeleteManyAsync(["a/b/one.txt", "a/two.txt", "a/never-existed"], ct);
        Assert.Null(await store.StatAsync("a/b/one.txt", ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("a/b/one.txt", ct));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    public async Task UnsafeKeys_AreRefused(string key)
    {
        var store = new LocalObjectStore(_root);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync(key, Bytes("x"), new Dictionary<string, string>(), TestContext.Current.CancellationToken));

        Assert.Contains("Refusing", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Theory]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("..", "~2E~2E")]
    [InlineData("with space", "with~20space")]
    [InlineData("žluť", "~C5~BEsvat")]
    [InlineData("", "~00")]
    public void Segment_EscapesEverythingThatCouldSplitOrClimb(string id, string expectedStart)
    {
        var segment = ObjectKeys.Segment(id);

        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('.', segment);
        Assert.DoesNotContain('%', segment);
        Assert.StartsWith(expectedStart[..Math.Min(expectedStart.Length, 6)], segment);
    }

    [Fact]
    public async Task ConcurrentWriters_OfTheSameKey_LeaveOneWholeObject()
    {
        var store = new LocalObjectStore(_root);
        var payloads = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), 200_000)).ToList();

        await Parallel.ForEachAsync(payloads, TestContext.Current.CancellationToken, async (p, ct) =>
            await store.PutAsync("same/key", Bytes(p), new Dictionary<string, string>(), ct));

        await using var read = await store.OpenReadAsync("same/key", TestContext.Current.CancellationToken);
        var text = await new StreamReader(read).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Contains(text, payloads);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_root, "same")));
    }
}
