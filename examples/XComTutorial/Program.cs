using Baton.Hosting;

// The app is Baton's command line with this project's DAGs: `dotnet run -- dags test simple_xcom 2022-12-20`.
return await BatonApp.RunAsync(args, typeof(Program).Assembly);
