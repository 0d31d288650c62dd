using Baton.Configuration;
using Baton.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baton.DataFrames;

/// <summary>Registers the DataFrame and RecordBatch XCom serializers.</summary>
public static class BatonDataFramesServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="DataFrameXComOptions"/> (<c>BATON__DATAFRAMES__…</c>).</summary>
    public const string SectionName = "dataframes";

    /// <summary>
    /// Lets tasks pass Microsoft.Data.Analysis <c>DataFrame</c>s and Apache Arrow <c>RecordBatch</c>es through XComs:
    /// registers <see cref="ParquetXComSerializer"/> and <see cref="ArrowIpcXComSerializer"/>, with
    /// <see cref="DataFrameXComOptions"/> bound from the <c>dataframes</c> section (<c>BATON__DATAFRAMES__FORMAT</c>, …)
    /// and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection (Baton's configuration is registered by <c>AddBaton</c>).</param>
    /// <param name="configure">Changes the settings after they are bound, or null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddBatonDataFrames(this IServiceCollection services, Action<DataFrameXComOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DataFrameXComOptions>().BindConfiguration(SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataFrameXComOptions>, DataFrameXComOptionsValidator>());
        // Checked with Baton's own sections when the command line starts; a second registration is ignored there.
        services.AddSingleton(BatonSettingsSection.For<DataFrameXComOptions>(SectionName));

        services.AddXComSerializer<ParquetXComSerializer>();
        services.AddXComSerializer<ArrowIpcXComSerializer>();
        return services;
    }
}
