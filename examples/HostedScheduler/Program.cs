using Baton;
using Baton.Hosting;
using HostedScheduler.Dags;
using XComTutorial.Dags;
using XComTutorial.Include;

// A worker service that hosts Baton's scheduler with the tutorial's DAGs, as AddHangfireServer() or
// AddQuartzHostedService() host theirs: `dotnet run` runs it until Ctrl+C or SIGTERM. With arguments it is Baton's
// command line over the same services and settings: `dotnet run -- dags trigger countdown`.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddTutorialServices();
builder.AddBaton()
    .AddDags(typeof(SimpleXcom).Assembly, typeof(Countdown).Assembly)
    .AddBatonScheduler();

if (args.Length > 0)
{
    return await BatonApp.RunAsync(builder, args);
}

await builder.Build().RunAsync();
return Environment.ExitCode;
