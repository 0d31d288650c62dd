using Baton.DataFrames;
using Baton.Hosting;
using Baton.Storage.Azure;
using Baton.Storage.S3;
using Microsoft.Extensions.DependencyInjection;
using XComTutorial.Include;

// The app is Baton's command line with this project's DAGs: `dotnet run -- dags test simple_xcom 2022-12-20`.
var options = new BatonAppOptions
{
    ConfigureServices = services =>
    {
        services.AddSingleton(new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        services.AddSingleton<PokeApiClient>();

        // The tutorial's step 1 tabs: BATON__XCOM__PATH may name s3://, az:// (or file://) once these are added.
        services.AddBatonS3();
        services.AddBatonAzure();

        // The tutorial's step 6: DataFrames travel as Parquet (BATON__DATAFRAMES__FORMAT=arrow for Arrow IPC).
        services.AddBatonDataFrames();
    },
};
options.DagAssemblies.Add(typeof(Program).Assembly);
return await BatonApp.RunAsync(args, options);
