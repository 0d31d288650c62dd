using Baton;
//#if (dataframes)
using Baton.DataFrames;
//#endif
using Baton.Hosting;
//#if (UseAzure)
using Baton.Storage.Azure;
//#endif
//#if (UseGcs)
using Baton.Storage.Gcs;
//#endif
//#if (UseS3)
using Baton.Storage.S3;
//#endif
using Baton.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

// This app is Baton's command line over the DAGs in Dags/: `dotnet run -- dags test simple_xcom 2022-12-20`.
// It is a .NET host like any other: add your own services, logging and appsettings.json here, the usual way
// (builder.Services.AddHttpClient<MyClient>(), …): tasks get them with dag.With<MyClient>() (README, "Services in tasks").
var builder = Host.CreateApplicationBuilder(args);

// Baton's traces and metrics go to an OpenTelemetry collector over OTLP when the OTEL_EXPORTER_OTLP_ENDPOINT variable
// is set (OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME and the other OTEL_* variables apply); nothing when it is not.
if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSource(BatonTelemetry.ActivitySourceName))
        .WithMetrics(metrics => metrics.AddMeter(BatonTelemetry.MeterName))
        .UseOtlpExporter();
}

builder.AddBaton()                        // baton.json, .env and BATON__… variables join the host's configuration
//#if (UseS3)
    .AddS3()                              // s3://conn_id@bucket/prefix in BATON__XCOM__PATH (.env)
//#endif
//#if (UseGcs)
    .AddGcs()                             // gs://conn_id@bucket/prefix in BATON__XCOM__PATH (.env)
//#endif
//#if (UseAzure)
    .AddAzure()                           // az://conn_id@container/prefix in BATON__XCOM__PATH (.env)
//#endif
//#if (dataframes)
    .AddDataFrames()                      // DataFrames and Arrow RecordBatches as Parquet (BATON__DATAFRAMES__…)
//#endif
    .AddDags(typeof(Program).Assembly);   // every IDagDefinition in this project
return await BatonApp.RunAsync(builder, args);
