using Baton.Configuration;

namespace Baton.Storage;

/// <summary>
/// Opens <c>file:///abs/dir</c> URLs. A URL ending in <c>/</c>, or naming an existing directory, opens that directory as a
/// store with an empty prefix; any other URL names an object: its directory's store and its file name as key.
/// </summary>
internal sealed class LocalObjectStoreProvider : IObjectStoreProvider
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Schemes { get; } = ["file"];

    /// <inheritdoc />
    public ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsFile || !Path.IsPathRooted(url.LocalPath) || !string.IsNullOrEmpty(url.Host))
        {
            throw new BatonConfigurationException($"'{url}' is not a local directory URL; write it as file:///absolute/path");
        }

        var path = url.LocalPath;
        return ValueTask.FromResult(path.EndsWith('/') || Directory.Exists(path)
            ? new ObjectStoreAddress(new LocalObjectStore(path), "")
            : new ObjectStoreAddress(new LocalObjectStore(Path.GetDirectoryName(path)!), Path.GetFileName(path)));
    }
}
