using Microsoft.Extensions.DependencyInjection;

namespace Baton;

/// <summary>
/// Adds to Baton in a service collection: DAG assemblies, store providers, XCom backends, the hosted scheduler. Returned
/// by <see cref="BatonServiceCollectionExtensions.AddBaton(IServiceCollection)"/>; the packages add their own methods to
/// it (<c>AddS3()</c>, <c>AddGcs()</c>, <c>AddAzure()</c>, <c>AddDataFrames()</c>, <c>AddBatonScheduler()</c>).
/// </summary>
public interface IBatonBuilder
{
    /// <summary>The service collection Baton is registered in.</summary>
    IServiceCollection Services { get; }
}
