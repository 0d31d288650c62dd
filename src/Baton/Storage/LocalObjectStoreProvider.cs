using Baton.Configuration;

namespace Baton.Storage;

/// <summary>
/// Opens <c>file:///abs/dir</c> URLs. A URL naming an existing file opens its directory's store with the file name as key;
/// any other URL is a directory, opened as a store with an empty prefix.
/// </summary>
public sealed class LocalObjectStoreProvider : IObjectStoreProvider
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Schemes { get; } = ["file"];

    /// <inheritdoc />
    public ObjectStoreAddress Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsFile || !Path.IsPathRooted(url.LocalPath) || !string.IsNullOrEmpty(url.Host))
        {
            throw new BatonConfigurationException($"'{url}' is not a local directory URL; write it as file:///absolute/path");
        }

        var path = url.LocalPath;
        return File.Exists(path)
            ? new ObjectStoreAddress(new LocalObjectStore(Path.GetDirectoryName(path)!), Path.GetFileName(path))
            : new ObjectStoreAddress(new LocalObjectStore(path), "");
    }
}
