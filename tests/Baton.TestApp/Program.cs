using Baton.Hosting;

// Baton's command line with the gated DAG, so a test can run `dags test gated …` in a process of its own.
return await BatonApp.RunAsync(args, typeof(Baton.TestApp.GatedDag).Assembly);
