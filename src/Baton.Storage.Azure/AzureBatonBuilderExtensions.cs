namespace Baton.Storage.Azure;

/// <summary>Adds the Azure store to Baton's builder.</summary>
public static class AzureBatonBuilderExtensions
{
    /// <summary>Adds the <c>az://conn_id@container/prefix</c> object store provider (Azure Blob Storage; also <c>abfs://</c>, <c>wasb://</c>): <c>AddBatonAzure()</c> on the builder's services.</summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddAzure(this IBatonBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBatonAzure();
        return builder;
    }
}
