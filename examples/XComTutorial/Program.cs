using Baton;
using Baton.Hosting;
using Microsoft.Extensions.Hosting;
using XComTutorial.Include;

// The app is Baton's command line over this project's DAGs and services: `dotnet run -- dags test simple_xcom 2022-12-20`.
// A .NET host as any other: appsettings.json, logging, OpenTelemetry and the app's own services are configured the usual way.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddTutorialServices();
builder.AddBaton()
    .AddDags(typeof(Program).Assembly)
    .AddXComBackend<S3JsonXComBackend>()       // BATON__XCOM__BACKEND=S3JsonXComBackend (step 4, AWS S3 tab)
    .AddXComBackend<LocalJsonXComBackend>();   // BATON__XCOM__BACKEND=LocalJsonXComBackend (step 4, Local tab)
return await BatonApp.RunAsync(builder, args);
