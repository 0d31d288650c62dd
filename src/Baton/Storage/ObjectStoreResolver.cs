using Baton.Configuration;

namespace Baton.Storage;

/// <summary>Turns a store URL into a store and a path, with the provider registered for its scheme.</summary>
public sealed class ObjectStoreResolver
{
    private readonly Dictionary<string, IObjectStoreProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the resolver over the registered providers.</summary>
    public ObjectStoreResolver(IEnumerable<IObjectStoreProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var provider in providers)
        {
            foreach (var scheme in provider.Schemes)
            {
                _providers[scheme] = provider;
            }
        }
    }

    /// <summary>True when <paramref name="url"/> is an absolute URL whose scheme a registered provider handles.</summary>
    internal bool Handles(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && _providers.ContainsKey(uri.Scheme);

    /// <summary>Opens the store a URL points into.</summary>
    /// <exception cref="BatonConfigurationException">The URL is malformed or no provider handles its scheme.</exception>
    public ValueTask<ObjectStoreAddress> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new BatonConfigurationException($"'{url}' is not an absolute URL such as file:///var/baton/xcom or s3://conn_id@bucket/prefix");
        }

        if (!_providers.TryGetValue(uri.Scheme, out var provider))
        {
            throw new BatonConfigurationException(
                $"no object store handles '{uri.Scheme}://' in '{url}'; known: {string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal).Select(s => s + "://"))}" +
                " (the s3, gs and az stores come with the Baton.Storage.S3, .Gcs and .Azure packages)");
        }

        return provider.OpenAsync(uri, cancellationToken);
    }
}
