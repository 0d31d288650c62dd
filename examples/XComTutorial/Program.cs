using Baton.Hosting;
using XComTutorial.Include;

// The app is Baton's command line with this project's DAGs: `dotnet run -- dags test simple_xcom 2022-12-20`.
var options = new BatonAppOptions { ConfigureServices = services => services.AddTutorialServices() };
options.DagAssemblies.Add(typeof(Program).Assembly);
return await BatonApp.RunAsync(args, options);
