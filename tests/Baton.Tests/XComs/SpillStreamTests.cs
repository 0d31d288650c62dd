using Baton.Storage;
using Baton.XComs.Pipeline;

namespace Baton.Tests.XComs;

public sealed class SpillStreamTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("baton-spill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static byte[] Bytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    [Fact]
    public void SynchronousWrites_StayInlineUpToTheLimit_AndAreCountedBeyondIt()
    {
        var data = Bytes(10_000);
        using var inline = new SpillStream(threshold: -1, maxInline: 10_000, startUpload: null);
        using var over = new SpillStream(threshold: -1, maxInline: 9_999, startUpload: null);

        for (var at = 0; at < data.Length; at += 999)
        {
            inline.Write(data.AsSpan(at, Math.Min(999, data.Length - at)));
            over.Write(data, at, Math.Min(999, data.Length - at));
        }

        Assert.Equal(data, inline.InlineBytes);
        Assert.False(inline.OverInlineLimit);
        Assert.True(over.OverInlineLimit);
        Assert.Equal(10_000, over.BytesWritten);
    }

    [Fact]
    public async Task SynchronousAndAsynchronousWrites_CrossingTheThreshold_SpillEverythingInOrder()
    {
        var store = new LocalObjectStore(_root);
        var data = Bytes(3 * 1024 * 1024);
        var spill = new SpillStream(threshold: 100_000, maxInline: 1024 * 1024,
            () => new ObjectUpload(store, "a/value.bin", new Dictionary<string, string>(), TestContext.Current.CancellationToken));
        await using (spill)
        {
            spill.Write(data.AsSpan(0, 60_000));                                 // held
            await spill.WriteAsync(data.AsMemory(60_000, 30_000), TestContext.Current.CancellationToken);   // held
            spill.Write(data, 90_000, 20_000);                                  // reaches the threshold: spills
            spill.Write(data.AsSpan(110_000, 1_000_000));                        // to the upload
            await spill.WriteAsync(data.AsMemory(1_110_000), TestContext.Current.CancellationToken);

            Assert.NotNull(spill.Upload);
            await spill.Upload.CompleteAsync();
        }

        Assert.Equal(data, await File.ReadAllBytesAsync(store.PathOf("a/value.bin"), TestContext.Current.CancellationToken));
        Assert.Equal(["value.bin"], Directory.EnumerateFiles(Path.Combine(_root, "a")).Select(Path.GetFileName));
    }
}
