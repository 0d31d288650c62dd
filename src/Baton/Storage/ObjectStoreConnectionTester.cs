using Baton.Connections;

namespace Baton.Storage;

/// <summary>The <c>connections test</c> of a store provider's connection types: the one probe every store runs (<see cref="ObjectStoreProbe"/>).</summary>
/// <typeparam name="TProvider">The provider that builds the store from a connection.</typeparam>
internal sealed class ObjectStoreConnectionTester<TProvider> : IConnectionTester
    where TProvider : ObjectStoreProvider
{
    private readonly TProvider _provider;

    /// <summary>Creates the tester over a provider.</summary>
    public ObjectStoreConnectionTester(TProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ConnectionTypes => _provider.ConnectionTypes;

    /// <inheritdoc />
    /// <remarks><paramref name="container"/> may carry a prefix (<c>bucket/xcom</c>): the probe object goes under it.</remarks>
    public Task<ConnectionTestResult> TestAsync(Connection connection, string? container, CancellationToken cancellationToken = default) =>
        ObjectStoreProbe.TestAsync(_provider, connection, container, cancellationToken);
}
