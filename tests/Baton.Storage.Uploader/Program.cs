using Baton;
using Baton.Configuration;
using Baton.Dags;
using Baton.Storage;
using Baton.Storage.Azure;
using Baton.Storage.Gcs;
using Baton.Storage.S3;
using Baton.XComs;
using Baton.XComs.Backends;
using Microsoft.Extensions.DependencyInjection;

// Pushes an XCom whose bytes stop coming after BATON_TEST_STALL_AFTER bytes, through the store the environment configures
// (BATON_HOME, BATON__XCOM__*, BATON_CONN_*), prints "uploading" once the store holds the unfinished upload, and waits to be
// killed. The store contract suite kills it and sweeps what it left.
var stallAfter = long.Parse(Environment.GetEnvironmentVariable("BATON_TEST_STALL_AFTER") ?? "25165824", System.Globalization.CultureInfo.InvariantCulture);
var environment = BatonEnvironment.FromProcess();
var services = new ServiceCollection();
services.AddBatonS3();
services.AddBatonGcs();
services.AddBatonAzure();
services.AddBaton(environment, BatonSettings.Build(environment), DagBag.FromDefinitions([]));
await using var provider = services.BuildServiceProvider();
var xcoms = provider.GetRequiredService<XComService>();
var backend = (ObjectStorageXComBackend)xcoms.Backend;
await backend.OpenStoreAsync();

var stalled = new TaskCompletionSource();
var source = new StallingStream(stallAfter, stalled);
var push = xcoms.PushAsync(new XComKey("killed", "run", "push", -1, "return_value"), source, typeof(Stream));
await Task.WhenAny(stalled.Task, push);
if (push.IsCompleted)
{
    await push;
    Console.Error.WriteLine("the push ended before it stalled");
    return 2;
}

// Wait until the store shows the unfinished upload where it can show one, and until its last activity stops moving (no
// part or block still landing), so the kill leaves exactly what the store then lists.
if (backend.Store is IIncompleteUploadStore uploads)
{
    DateTimeOffset? previous = null;
    for (var attempt = 0; attempt < 600; attempt++)
    {
        DateTimeOffset? latest = null;
        try
        {
            await foreach (var upload in uploads.ListIncompleteUploadsAsync(backend.Prefix.Length == 0 ? "" : backend.Prefix + "/"))
            {
                latest = latest is { } l && l > upload.LastActivity ? l : upload.LastActivity;
            }
        }
        catch (ObjectStoreException)
        {
            break;
        }

        if (latest is not null && latest == previous)
        {
            break;
        }

        previous = latest;
        await Task.Delay(200);
    }
}

Console.WriteLine("uploading");
Console.Out.Flush();
await push;
return 0;

/// <summary>Random-looking bytes up to a limit, then a read that never returns.</summary>
internal sealed class StallingStream(long stallAfter, TaskCompletionSource stalled) : Stream
{
    private readonly Random _random = new(5);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= stallAfter)
        {
            stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var n = (int)Math.Min(buffer.Length, stallAfter - _position);
        _random.NextBytes(buffer.Span[..n]);
        _position += n;
        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
