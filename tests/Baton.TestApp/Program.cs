using Baton.Hosting;

// Baton's command line with the test DAGs of this assembly: `dotnet Baton.TestApp.dll dags test console_stress`.
return await BatonApp.RunAsync(args, typeof(Program).Assembly);
