namespace Baton.Storage.S3;

/// <summary>Adds the S3 store to Baton's builder.</summary>
public static class S3BatonBuilderExtensions
{
    /// <summary>Adds the <c>s3://conn_id@bucket/prefix</c> object store provider (AWS S3 and S3-compatible servers): <c>AddBatonS3()</c> on the builder's services.</summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddS3(this IBatonBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBatonS3();
        return builder;
    }
}
