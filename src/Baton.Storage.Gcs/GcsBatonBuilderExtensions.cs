namespace Baton.Storage.Gcs;

/// <summary>Adds the Gcs store to Baton's builder.</summary>
public static class GcsBatonBuilderExtensions
{
    /// <summary>Adds the <c>gs://conn_id@bucket/prefix</c> object store provider (Google Cloud Storage): <c>AddBatonGcs()</c> on the builder's services.</summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddGcs(this IBatonBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBatonGcs();
        return builder;
    }
}
