using Baton.Configuration;
using Baton.Metadata.Sql;
using Baton.Metadata.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baton.Metadata;

/// <summary>Registers the metadata store: the SQL dialect (SQLite unless another was registered first) and the store on it.</summary>
internal static class MetadataServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SqlDialect"/> chosen by <c>BATON__DATABASE__CONNECTION_STRING</c> (empty: <c>BATON_HOME/baton.db</c>,
    /// its directory created on first use) and <see cref="IMetadataStore"/> on it. A dialect registered before this call
    /// (another database's package) wins.
    /// </summary>
    public static IServiceCollection AddBatonMetadata(this IServiceCollection services)
    {
        services.TryAddSingleton<SqlDialect>(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            var names = sp.GetService<BatonSettingNames>() ?? BatonSettingNames.Variables;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return new SqliteDialect(configured, createDirectory: false, names.Of("database", "connection_string"));
            }

            var file = sp.GetRequiredService<BatonPaths>().DatabaseFile;
            return new SqliteDialect(new SqliteConnectionStringBuilder { DataSource = file }.ToString(), createDirectory: true, names.Of("core", "home"));
        });
        services.TryAddSingleton<IMetadataStore>(sp => new SqlMetadataStore(sp.GetRequiredService<SqlDialect>(), sp.GetRequiredService<TimeProvider>()));
        // Beside the port, on the same dialect: paged listings (the web server), users and tokens, scheduler heartbeats.
        services.TryAddSingleton(sp => new SqlMetadataQueries(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton(sp => new SqlUserStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton(sp => new SqlSchedulerHeartbeatStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton(sp => new SqlStorageStore(sp.GetRequiredService<SqlDialect>()));
        return services;
    }
}
