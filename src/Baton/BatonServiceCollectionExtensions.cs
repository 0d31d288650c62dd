using Baton.Compression;
using Baton.Configuration;
using Baton.Connections;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Metadata.Sql;
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

/// <summary>Registers Baton in a service collection.</summary>
public static class BatonServiceCollectionExtensions
{
    /// <summary>
    /// Adds Baton: its settings (sections <c>core</c>, <c>database</c>, <c>xcom</c>, <c>scheduler</c>, <c>security</c>
    /// of the app's <c>IConfiguration</c>, which <c>builder.AddBaton()</c> and <c>BatonApp</c> fill from
    /// <c>baton.json</c>, <c>.env</c> and <c>BATON__…</c> variables), the metadata store, the XCom backend named by
    /// <c>BATON__XCOM__BACKEND</c>, the executor and the scheduler. Defaults are added with <c>TryAdd</c>, so a
    /// registration made before this call wins. Calling it again returns the same builder.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <returns>The builder that adds DAGs (<see cref="BatonBuilderExtensions.AddDags"/>), stores and backends.</returns>
    public static IBatonBuilder AddBaton(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (BatonBuilder.In(services) is { } existing)
        {
            return existing;
        }

        var builder = new BatonBuilder(services);
        services.AddSingleton(builder);
        services.TryAddSingleton(_ => BatonEnvironment.FromProcess());
        // An app without a host has no IConfiguration: Baton's own files and variables are then all there is.
        services.TryAddSingleton<IConfiguration>(sp => BatonSettings.Build(sp.GetRequiredService<BatonEnvironment>()));
        services.TryAddSingleton(sp => DagBag.FromAssemblies(builder.DagAssemblies, sp.GetService<IServiceProviderIsService>()));
        AddServices(services);
        return builder;
    }

    /// <summary>Adds Baton with the given environment, settings and DAGs (tests, benchmarks and tools that build their own).</summary>
    internal static IServiceCollection AddBaton(this IServiceCollection services, BatonEnvironment environment, IConfiguration configuration, DagBag dags)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Replace, not TryAdd: these win even over the defaults of an AddBaton() the caller made first.
        services.Replace(ServiceDescriptor.Singleton(environment));
        services.Replace(ServiceDescriptor.Singleton(configuration));
        services.Replace(ServiceDescriptor.Singleton(dags));
        services.AddBaton();
        return services;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddLogging();
        AddSection<CoreOptions>(services, "core");
        AddSection<DatabaseOptions>(services, "database");
        AddSection<XComOptions>(services, "xcom");
        AddSection<SchedulerOptions>(services, "scheduler");
        AddSection<SecurityOptions>(services, "security");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoreOptions>, CoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XComOptions>, XComOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>());
        services.TryAddSingleton(sp => new BatonSettingNames(sp.GetRequiredService<IConfiguration>()));

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
        services.TryAddSingleton(sp => new ConnectionTestService(sp.GetServices<IConnectionTester>(), sp.GetRequiredService<IOptions<XComOptions>>()));

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
        services.TryAddSingleton(sp => new SchedulerHeartbeat(
            sp.GetRequiredService<SqlSchedulerHeartbeatStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SchedulerHeartbeat>>()));
        services.TryAddSingleton(sp => new Scheduler(
            sp.GetRequiredService<DagBag>(), sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<DagRunService>(),
            sp.GetRequiredService<TaskInstanceRecovery>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SchedulerOptions>>(),
            sp.GetRequiredService<IOptions<CoreOptions>>(), sp.GetRequiredService<ILogger<Scheduler>>(), sp.GetRequiredService<SchedulerHeartbeat>()));
    }

    private static void AddSection<TOptions>(IServiceCollection services, string name) where TOptions : class
    {
        // Not ValidateOnStart: a host would then fail with a stack trace; BatonStartup checks every section first and says what is wrong.
        services.AddOptions<TOptions>().BindConfiguration(name);
        services.AddSingleton(BatonSettingsSection.For<TOptions>(name));
    }
}
