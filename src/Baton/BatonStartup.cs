using Baton.Configuration;
using Baton.Dags;
using Baton.Metadata;
using Baton.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Baton;

/// <summary>
/// What comes before any work, for the command line and the hosted scheduler alike: every setting checked, the metadata
/// schema migrated, the DAG rows synced.
/// </summary>
internal static class BatonStartup
{
    /// <summary>Checks, migrates and syncs; adds to <paramref name="warnings"/> the unknown keys and the DAGs that failed to load.</summary>
    /// <exception cref="BatonConfigurationException">A setting (or the settings file, or <c>.env</c>) is invalid.</exception>
    /// <exception cref="MetadataStoreException">The metadata database cannot be opened or migrated.</exception>
    public static async Task RunAsync(IServiceProvider services, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        Check(services, warnings);
        await PrepareAsync(services, warnings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks every setting; adds the unknown keys to <paramref name="warnings"/> (also when it throws).</summary>
    /// <exception cref="BatonConfigurationException">A setting (or the settings file, or <c>.env</c>) is invalid.</exception>
    public static void Check(IServiceProvider services, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<BatonStartupError>() is { } deferred)
        {
            throw deferred.Error;
        }

        BatonSettingsCheck.Run(services, warnings);
    }

    /// <summary>Migrates the metadata schema and syncs the DAG rows; adds the DAGs that failed to load to <paramref name="warnings"/>.</summary>
    /// <exception cref="MetadataStoreException">The metadata database cannot be opened or migrated.</exception>
    public static async Task PrepareAsync(IServiceProvider services, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<Scheduler>().SyncDagsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var error in services.GetRequiredService<DagBag>().Errors)
        {
            warnings.Add(error.Message);
        }
    }
}
