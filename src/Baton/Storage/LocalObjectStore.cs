using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Baton.Storage;

/// <summary>
/// Objects as files under a root directory (<c>file:///abs/dir</c>). A write goes to a temporary file in the target
/// directory and is renamed into place, so readers never see half an object; metadata sits in a <c>.meta</c> file
/// beside it; every key is confined under the root.
/// </summary>
public sealed class LocalObjectStore : IObjectStore, IDirectWriteObjectStore
{
    private const string MetadataSuffix = ".meta";
    private const string TemporaryMarker = ".tmp-";
    private readonly string _root;

    /// <summary>Creates the store on a directory (created when missing).</summary>
    public LocalObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        Root = new Uri(_root + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <summary>The root directory.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        var pending = BeginPending(key, metadata);
        await using (pending.ConfigureAwait(false))
        {
            try
            {
                // 256 KiB: fewer calls than the default 80 KiB, and not the 1 MiB that is slow on files being written back.
                await content.CopyToAsync(pending.Content, 256 * 1024, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw pending.Failed(e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw pending.Refused(e);
            }

            await pending.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts writing an object whose bytes the caller writes to <see cref="PendingObject.Content"/>: the same temporary
    /// file, metadata and rename as <see cref="PutAsync"/>, without a stream to read from in between. The object appears
    /// at <see cref="PendingObject.CommitAsync"/>; disposing the pending object without committing leaves nothing behind.
    /// </summary>
    /// <exception cref="ObjectStoreException">The key is unsafe, or the temporary file cannot be created.</exception>
    public IObjectWriteTarget BeginPut(string key, IReadOnlyDictionary<string, string> metadata) => BeginPending(key, metadata);

    private PendingObject BeginPending(string key, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + TemporaryMarker + Guid.NewGuid().ToString("N"));
        var pending = new PendingObject(this, key, path, temporary, metadata);
        try
        {
            pending.Open(CreateTemporaryFile(directory, temporary));
            return pending;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            pending.DeleteTemporaryFiles();
            throw e is IOException io ? pending.Failed(io) : pending.Refused(e);
        }
    }

    /// <summary>An object being written to its temporary file (see <see cref="BeginPut"/>).</summary>
    private sealed class PendingObject : IObjectWriteTarget
    {
        private readonly LocalObjectStore _store;
        private readonly string _key;
        private readonly string _path;
        private readonly string _temporary;
        private readonly IReadOnlyDictionary<string, string> _metadata;
        private FileStream? _file;
        private WriteStream? _content;

        internal PendingObject(LocalObjectStore store, string key, string path, string temporary, IReadOnlyDictionary<string, string> metadata)
        {
            _store = store;
            _key = key;
            _path = path;
            _temporary = temporary;
            _metadata = metadata;
        }

        /// <summary>Where the object's bytes go; its write errors are <see cref="ObjectStoreException"/>s.</summary>
        public Stream Content => _content ?? throw new InvalidOperationException("the object is not open");

        internal void Open(FileStream file)
        {
            _file = file;
            _content = new WriteStream(this, file);
        }

        /// <summary>Closes the file and moves it (and its metadata) into place.</summary>
        /// <exception cref="ObjectStoreException">The file system refused or failed the write.</exception>
        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                if (_file is { } file)
                {
                    _file = null;
                    await file.DisposeAsync().ConfigureAwait(false);
                }

                if (_metadata.Count > 0)
                {
                    await File.WriteAllBytesAsync(_temporary + MetadataSuffix, JsonSerializer.SerializeToUtf8Bytes(_metadata), cancellationToken).ConfigureAwait(false);
                    File.Move(_temporary + MetadataSuffix, _path + MetadataSuffix, overwrite: true);
                }

                File.Move(_temporary, _path, overwrite: true);
            }
            catch (IOException e)
            {
                throw Failed(e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw Refused(e);
            }
        }

        /// <summary>Closes the file and removes what was not committed.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_file is { } file)
                {
                    _file = null;
                    await file.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Flushing the abandoned bytes failed: they are deleted next anyway.
            }
            finally
            {
                DeleteTemporaryFiles();
            }
        }

        internal void DeleteTemporaryFiles()
        {
            File.Delete(_temporary);
            File.Delete(_temporary + MetadataSuffix);
        }

        internal ObjectStoreException Failed(IOException e) => new($"Writing object '{_key}' to {_store.Root} failed: {e.Message}", e);

        internal ObjectStoreException Refused(Exception e) => new($"Writing object '{_key}' to {_store.Root} was refused: {e.Message}", e);

        private ObjectStoreException Wrap(Exception e) => e is IOException io ? Failed(io) : Refused(e);

        /// <summary>Writes through to the temporary file, turning the file system's errors into the store's.</summary>
        private sealed class WriteStream(PendingObject owner, FileStream file) : Stream
        {
            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                try
                {
                    file.Write(buffer);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw owner.Wrap(e);
                }
            }

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                try
                {
                    await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw owner.Wrap(e);
                }
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Flush()
            {
            }

            public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }

    private static FileStream CreateTemporaryFile(string directory, string temporary)
    {
        // A concurrent delete may remove an empty directory between creating it and creating the file: try again then.
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(directory);
            try
            {
                return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
            }
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(Root, key);
        }
    }

    /// <inheritdoc />
    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(key));
        return file.Exists ? await InfoAsync(key, file, withMetadata: true, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
            File.Delete(path + MetadataSuffix);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone with its directory: deleting a missing object is not an error.
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"Deleting object '{key}' from {Root} failed: {e.Message}", e);
        }

        RemoveEmptyDirectories(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        // Start from the deepest directory the prefix names, then filter by the whole prefix.
        var directoryPart = prefix.Contains('/', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('/')] : "";
        var start = directoryPart.Length == 0 ? _root : PathOf(directoryPart);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (name.EndsWith(MetadataSuffix, StringComparison.Ordinal) || name.Contains(TemporaryMarker, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var file = new FileInfo(path);
                if (file.Exists)
                {
                    yield return await InfoAsync(key, file, withMetadata: false, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The file of a key; throws when the key is unsafe or would leave the root.</summary>
    /// <exception cref="ObjectStoreException">The key is empty, has a <c>.</c>/<c>..</c> segment or a control character, or leaves the root.</exception>
    public string PathOf(string key)
    {
        try
        {
            ObjectKeys.Validate(key);
        }
        catch (ArgumentException e)
        {
            throw new ObjectStoreException($"Refusing {Root}: {e.Message}", e);
        }

        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ObjectStoreException($"Refusing object key '{key}': it leaves the store root {Root}");
        }

        return path;
    }

    private static async Task<ObjectInfo> InfoAsync(string key, FileInfo file, bool withMetadata, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        var metadataPath = file.FullName + MetadataSuffix;
        if (withMetadata && File.Exists(metadataPath))
        {
            await using var stream = File.OpenRead(metadataPath);
            metadata = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken).ConfigureAwait(false) ?? [];
        }

        return new ObjectInfo(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), metadata);
    }

    private void RemoveEmptyDirectories(string directory)
    {
        // Keeps the tree from filling with empty run and task directories; a concurrent writer may refill one, which is fine.
        while (directory.Length > _root.Length && directory.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    return;
                }

                Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }
}
