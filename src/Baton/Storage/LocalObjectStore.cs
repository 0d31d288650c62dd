using Baton.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Baton.Storage;

/// <summary>
/// Objects as files under a root directory (<c>file:///abs/dir</c>). A write goes to a temporary file in the target
/// directory and is renamed into place, so readers never see half an object; metadata sits in a <c>.meta</c> file
/// beside it; every key is confined under the root, and symbolic links inside it are never followed.
/// </summary>
/// <remarks>
/// A temporary file is named <c>.{name}.tmp-{32 hex}</c> (its metadata <c>….meta</c>); a killed write leaves one, which
/// <see cref="ListIncompleteUploadsAsync"/> finds and the orphan sweep removes. Object names are limited to
/// <see cref="MaxNameBytes"/> bytes so that those names fit the file system's 255.
/// </remarks>
public sealed partial class LocalObjectStore : IObjectStore, IDirectWriteObjectStore, IIncompleteUploadStore
{
    /// <summary>The longest name (key segment) the store takes, in UTF-8 bytes: its temporary and metadata files add 43 to it.</summary>
    public const int MaxNameBytes = 200;

    private const string MetadataSuffix = ".meta";
    private const string TemporaryMarker = ".tmp-";
    private const int ReadOnlyFileSystem = 30;
    private static readonly EnumerationOptions OneLevel = new() { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
    private readonly string _root;
    private readonly string _rootWithSeparator;

    /// <summary>Creates the store on a directory (created when missing).</summary>
    public LocalObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _rootWithSeparator = Path.EndsInDirectorySeparator(_root) ? _root : _root + Path.DirectorySeparatorChar;
        Root = new Uri(_rootWithSeparator).AbsoluteUri.TrimEnd('/');
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
            // The clean-up must never replace the error: if it fails too, it is named in the message, the cause stays inner.
            var cleanup = pending.TryDeleteTemporaryFiles();
            var suffix = cleanup is null ? "" : $" (removing its temporary file failed too: {cleanup.Message})";
            if (IsNotWritable(e))
            {
                throw new ObjectStoreException(ObjectStoreFailureKind.AccessDenied, $"The local store {_root} is not writable: writing object '{key}' failed at '{temporary}': {e.Message}{suffix}", innerException: e);
            }

            throw new ObjectStoreException($"Writing object '{key}' to {Root} failed: {e.Message}{suffix}", e);
        }
    }

    private static bool IsNotWritable(Exception e) => e is UnauthorizedAccessException || e is IOException { HResult: ReadOnlyFileSystem };

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

                // The object first, its metadata second: a crash in between leaves an object (whose name proves whose it is)
                // and a temporary metadata file the sweep removes, never a metadata file without its object.
                if (_metadata.Count > 0)
                {
                    await File.WriteAllBytesAsync(_temporary + MetadataSuffix, JsonSerializer.SerializeToUtf8Bytes(_metadata), cancellationToken).ConfigureAwait(false);
                }

                File.Move(_temporary, _path, overwrite: true);
                if (_metadata.Count > 0)
                {
                    File.Move(_temporary + MetadataSuffix, _path + MetadataSuffix, overwrite: true);
                }
                else
                {
                    File.Delete(_path + MetadataSuffix);
                }
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
                // Disposing runs while an error propagates: a failed clean-up must not replace it. What stays is a
                // temporary file whose name the sweep recognises and removes.
                TryDeleteTemporaryFiles();
            }
        }

        /// <summary>Deletes the temporary files; returns why that failed, or null.</summary>
        internal Exception? TryDeleteTemporaryFiles()
        {
            Exception? failure = null;
            foreach (var file in new[] { _temporary, _temporary + MetadataSuffix })
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failure ??= e;
                }
            }

            return failure;
        }

        internal ObjectStoreException Failed(IOException e) => IsNotWritable(e) ? Refused(e) : new($"Writing object '{_key}' to {_store.Root} failed: {e.Message}", e);

        internal ObjectStoreException Refused(Exception e) => new(ObjectStoreFailureKind.AccessDenied, IsNotWritable(e)
            ? $"The local store {_store.RootDirectory} is not writable: writing object '{_key}' was refused: {e.Message}"
            : $"Writing object '{_key}' to {_store.Root} was refused: {e.Message}", innerException: e);

        private ObjectStoreException Wrap(Exception e) => e is IOException io ? Failed(io) : Refused(e);

        /// <summary>Writes through to the temporary file, turning the file system's errors into the store's.</summary>
        private sealed class WriteStream(PendingObject owner, FileStream file) : ForwardOnlyWriteStream
        {
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

            public override void Flush()
            {
            }
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
    /// <exception cref="ObjectStoreException">The key is unsafe, names a symbolic link, or the file system refused.</exception>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            // The metadata first: a crash in between leaves an object whose name proves whose it is, never stray metadata.
            File.Delete(path + MetadataSuffix);
            File.Delete(path);
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
    /// <remarks>
    /// Symbolic links are listed as they are (size 0) and never followed, so nothing outside the root is listed; temporary
    /// and metadata files are not objects and are not listed (<see cref="ListIncompleteUploadsAsync"/> lists the former).
    /// </remarks>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        foreach (var (key, entry) in Walk(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = entry.Name;
            if (entry.LinkTarget is not null)
            {
                yield return new ObjectInfo(key, 0, new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero), new Dictionary<string, string>());
            }
            else if (!name.EndsWith(MetadataSuffix, StringComparison.Ordinal) && !name.Contains(TemporaryMarker, StringComparison.Ordinal)
                && entry is FileInfo { Exists: true } file)
            {
                yield return await InfoAsync(key, file, withMetadata: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The temporary files (<c>.{name}.tmp-{32 hex}</c> and its <c>.meta</c>) of writes that never committed; the upload id is the 32 hex digits.</remarks>
    public IAsyncEnumerable<IncompleteUpload> ListIncompleteUploadsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var uploads = new Dictionary<(string Key, string Id), IncompleteUpload>();
        foreach (var (key, entry) in Walk(prefix.Contains('/', StringComparison.Ordinal) ? prefix[..(prefix.LastIndexOf('/') + 1)] : ""))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var match = TemporaryName().Match(entry.Name);
            if (entry.LinkTarget is not null || entry is not FileInfo file || !match.Success)
            {
                continue;
            }

            var directory = key.Contains('/', StringComparison.Ordinal) ? key[..(key.LastIndexOf('/') + 1)] : "";
            var target = directory + match.Groups["name"].Value;
            if (!target.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var id = match.Groups["id"].Value;
            var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
            long? size = match.Groups["meta"].Success ? null : file.Length;
            uploads[(target, id)] = uploads.TryGetValue((target, id), out var seen)
                ? seen with { LastActivity = seen.LastActivity > modified ? seen.LastActivity : modified, Size = seen.Size ?? size }
                : new IncompleteUpload(target, id, modified, size);
        }

        return uploads.Values.ToAsyncEnumerable();
    }

    /// <inheritdoc />
    public Task AbortIncompleteUploadAsync(IncompleteUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!UploadId().IsMatch(upload.UploadId))
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: '{upload.UploadId}' is not the id of one of this store's temporary files");
        }

        var path = PathOf(upload.Key);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + TemporaryMarker + upload.UploadId);
        try
        {
            foreach (var file in new[] { temporary + MetadataSuffix, temporary })
            {
                if (new FileInfo(file).LinkTarget is null)
                {
                    File.Delete(file);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"Deleting the temporary file '{temporary}' of object '{upload.Key}' from {Root} failed: {e.Message}", e);
        }

        RemoveEmptyDirectories(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <summary>The file of a key; throws when the key is unsafe, would leave the root, or passes through a symbolic link.</summary>
    /// <exception cref="ObjectStoreException">
    /// The key is empty, has a <c>.</c>/<c>..</c> segment, a control character or a name over <see cref="MaxNameBytes"/>
    /// bytes, leaves the root, or one of its directories (or the file itself) is a symbolic link.
    /// </exception>
    public string PathOf(string key)
    {
        try
        {
            ObjectKeys.Validate(key);
        }
        catch (ArgumentException e)
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: {e.Message}", innerException: e);
        }

        if (key.Split('/').FirstOrDefault(s => Encoding.UTF8.GetByteCount(s) > MaxNameBytes) is { } tooLong)
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest,
                $"Refusing object key '{Shorten(key)}' in {Root}: its name '{Shorten(tooLong)}' is {Encoding.UTF8.GetByteCount(tooLong)} bytes; " +
                $"the local store takes names of at most {MaxNameBytes} bytes (file names may have 255, its temporary files need the rest)");
        }

        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing object key '{key}': it leaves the store root {Root}");
        }

        // Never through a link: a link inside the root may point anywhere, and its target is not the store's.
        var current = _root;
        foreach (var segment in key.Split('/'))
        {
            current = Path.Combine(current, segment);
            var entry = new FileInfo(current);
            if (entry.LinkTarget is not null)
            {
                throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest,
                    $"Refusing object key '{key}' in {Root}: '{current}' is a symbolic link (to '{entry.LinkTarget}'); the local store does not follow links");
            }

            if (!entry.Exists && !Directory.Exists(current))
            {
                break;
            }
        }

        return path;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Every entry under the deepest directory the prefix names, with its key; links are returned, never followed.</summary>
    private IEnumerable<(string Key, FileSystemInfo Entry)> Walk(string prefix)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var directoryPart = prefix.Contains('/', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('/')] : "";
        string start;
        try
        {
            start = directoryPart.Length == 0 ? _root : PathOf(directoryPart);
        }
        catch (ObjectStoreException)
        {
            // The prefix passes through a link or is not a key: nothing under it is the store's.
            yield break;
        }

        if (!Directory.Exists(start))
        {
            yield break;
        }

        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(start));
        while (pending.Count > 0)
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = pending.Pop().EnumerateFileSystemInfos("*", OneLevel).ToList();
            }
            catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is null && entry is DirectoryInfo directory)
                {
                    pending.Push(directory);
                    continue;
                }

                var key = Path.GetRelativePath(_root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return (key, entry);
                }
            }
        }
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

    [GeneratedRegex(@"^\.(?<name>.+)\.tmp-(?<id>[0-9a-f]{32})(?<meta>\.meta)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    [GeneratedRegex(@"^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadId();
}
