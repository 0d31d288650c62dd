using Baton.DataFrames;
using Baton.Storage.Azure;
using Baton.Storage.Gcs;
using Baton.Storage.S3;
using Microsoft.Extensions.DependencyInjection;

namespace XComTutorial.Include;

/// <summary>The services this project's DAGs and settings need; Program.cs (and the tests) add them.</summary>
public static class TutorialServices
{
    public static IServiceCollection AddTutorialServices(this IServiceCollection services)
    {
        // A typed client: tasks take PokeApiClient as a parameter (dag.With<PokeApiClient>()), never look it up.
        services.AddHttpClient<PokeApiClient>(http => http.Timeout = TimeSpan.FromSeconds(30));

        // The tutorial's step 1 tabs: BATON__XCOM__PATH may name s3://, gs:// or az:// (file:// is built in) once these are added.
        services.AddBatonS3();
        services.AddBatonAzure();
        services.AddBatonGcs();

        // The tutorial's step 6: DataFrames travel as Parquet (BATON__DATAFRAMES__FORMAT=arrow for Arrow IPC).
        services.AddBatonDataFrames();
        return services;
    }
}
