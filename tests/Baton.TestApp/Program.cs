using Baton.Hosting;

// Baton's command line with the test DAGs of this assembly (console_stress, gated), run as a process of its own.
return await BatonApp.RunAsync(args, typeof(Program).Assembly);
