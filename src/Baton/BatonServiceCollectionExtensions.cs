using Baton.Compression;
using Baton.Configuration;
using Baton.Connections;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Scheduling;
using Baton.Serialization;
using Baton.Storage;
using Baton.XComs;
using Baton.XComs.Backends;
using Baton.XComs.Objects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton;

/// <summary>Registers Baton's services.</summary>
internal static class BatonServiceCollectionExtensions
{
    /// <summary>
    /// Adds Baton: settings bound from <paramref name="configuration"/>, the SQLite metadata store, the XCom backend
    /// named by <c>BATON__XCOM__BACKEND</c>, the executor, the scheduler and the DAGs of <paramref name="dags"/>.
    /// Defaults are added with <c>TryAdd</c>, so a registration made before this call wins.
    /// </summary>
    public static IServiceCollection AddBaton(this IServiceCollection services, BatonEnvironment environment, IConfiguration configuration, DagBag dags)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLogging();
        AddSection<CoreOptions>(services, configuration, "core");
        AddSection<DatabaseOptions>(services, configuration, "database");
        AddSection<XComOptions>(services, configuration, "xcom");
        AddSection<SchedulerOptions>(services, configuration, "scheduler");
        AddSection<SecurityOptions>(services, configuration, "security");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoreOptions>, CoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XComOptions>, XComOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>());
        services.TryAddSingleton(sp => new BatonSettingNames(sp.GetRequiredService<IConfiguration>()));

        services.TryAddSingleton(environment);
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(dags);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BatonPaths(sp.GetRequiredService<BatonEnvironment>(), sp.GetRequiredService<IOptions<CoreOptions>>().Value));

        services.AddBatonMetadata();

        services.TryAddSingleton(sp => new XComSerializerRegistry(sp.GetServices<IXComSerializer>()));
        services.TryAddSingleton(sp => new CompressionCodecRegistry(sp.GetServices<ICompressionCodec>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObjectStoreProvider, LocalObjectStoreProvider>());
        services.TryAddSingleton<ObjectStoreResolver>();
        services.TryAddSingleton<ObjectOwnership>();
        services.TryAddSingleton<XComObjectInspector>();
        services.AddSingleton(new XComBackendAlias(XComOptions.DatabaseBackend, typeof(DatabaseXComBackend)));
        services.AddSingleton(new XComBackendAlias(XComOptions.ObjectStorageBackend, typeof(ObjectStorageXComBackend)));
        services.TryAddSingleton<XComBackendFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<XComBackendFactory>().Create(sp));
        services.TryAddSingleton<XComService>();

        services.AddBatonConnections();

        services.TryAddSingleton<LocalExecutor>();
        services.TryAddSingleton<TaskInstanceRunner>();
        services.TryAddSingleton<RunRecorder>();
        services.TryAddSingleton<DagRunProcessor>();
        services.TryAddSingleton<TaskInstanceRecovery>();
        services.TryAddSingleton<DagRunClaims>();
        services.TryAddSingleton(sp => new DagRunService(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<XComService>(), sp.GetRequiredService<DagRunProcessor>(),
            sp.GetRequiredService<TaskInstanceRunner>(), sp.GetRequiredService<DagRunClaims>(), sp.GetRequiredService<TaskInstanceRecovery>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new Scheduler(
            sp.GetRequiredService<DagBag>(), sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<DagRunService>(),
            sp.GetRequiredService<TaskInstanceRecovery>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SchedulerOptions>>(),
            sp.GetRequiredService<IOptions<CoreOptions>>(), sp.GetRequiredService<ILogger<Scheduler>>()));
        return services;
    }

    private static void AddSection<TOptions>(IServiceCollection services, IConfiguration configuration, string name) where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(name)).ValidateOnStart();
        services.AddSingleton(BatonSettingsSection.For<TOptions>(name));
    }
}
