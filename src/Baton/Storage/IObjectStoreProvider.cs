namespace Baton.Storage;

/// <summary>Opens stores for the URL schemes it knows (<c>file</c> in the core; <c>s3</c>, <c>gs</c>, <c>az</c> in provider assemblies).</summary>
public interface IObjectStoreProvider
{
    /// <summary>The schemes this provider opens, e.g. <c>file</c>.</summary>
    IReadOnlyCollection<string> Schemes { get; }

    /// <summary>
    /// Opens the store a URL points into and returns the rest of the URL (a prefix, or an object's key) relative to that
    /// store's root. <c>s3://conn@bucket/a/b</c> gives the bucket's store and <c>a/b</c>.
    /// </summary>
    /// <exception cref="Configuration.BatonConfigurationException">The URL is malformed or names an unknown connection.</exception>
    ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default);
}
