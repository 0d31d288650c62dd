namespace Baton.DataFrames;

/// <summary>Adds DataFrame and RecordBatch XComs to Baton's builder.</summary>
public static class DataFramesBatonBuilderExtensions
{
    /// <summary>
    /// Lets tasks pass Microsoft.Data.Analysis <c>DataFrame</c>s and Apache Arrow <c>RecordBatch</c>es through XComs, as
    /// Parquet (or Arrow IPC): <see cref="BatonDataFramesServiceCollectionExtensions.AddBatonDataFrames"/> on the builder's services.
    /// </summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <param name="configure">Changes the <c>dataframes</c> settings after they are bound, or null.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddDataFrames(this IBatonBuilder builder, Action<DataFrameXComOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBatonDataFrames(configure);
        return builder;
    }
}
