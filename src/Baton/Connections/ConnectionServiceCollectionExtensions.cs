using Baton.Configuration;
using Baton.Metadata.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baton.Connections;

/// <summary>Registers Baton's connections.</summary>
public static class ConnectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the connection store on the metadata database (secrets encrypted with the key of
    /// <c>BATON__SECURITY__ENCRYPTION_KEY</c> or the home's key file) and the <see cref="ConnectionResolver"/>, as singletons.
    /// Defaults are added with <c>TryAdd</c>, so a registration made before this call wins (e.g. another <see cref="IConnectionStore"/>).
    /// </summary>
    /// <remarks>
    /// Expects what <c>AddBaton</c> registers: <see cref="BatonPaths"/>, <see cref="IOptions{SecurityOptions}"/>,
    /// <see cref="BatonEnvironment"/> and the metadata database's SQL dialect.
    /// </remarks>
    public static IServiceCollection AddBatonConnections(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new ConnectionSecretProtector(
            sp.GetRequiredService<IOptions<SecurityOptions>>(), sp.GetRequiredService<BatonPaths>()));
        services.TryAddSingleton<IConnectionStore>(sp => new SqlConnectionStore(
            sp.GetRequiredService<SqlDialect>(), sp.GetRequiredService<ConnectionSecretProtector>()));
        services.TryAddSingleton(sp => new ConnectionResolver(
            sp.GetRequiredService<IConnectionStore>(), sp.GetRequiredService<BatonEnvironment>()));
        return services;
    }
}
