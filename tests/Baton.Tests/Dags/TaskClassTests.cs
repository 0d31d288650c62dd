using System.Collections.Concurrent;
using Baton.Dags;
using Baton.Runs;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Tests.Dags;

/// <summary>A scoped service that records each instance and its disposal.</summary>
public sealed class TryScopedLedger : IDisposable
{
    public static ConcurrentQueue<(Guid Id, string Event)> Events { get; } = new();

    public Guid Id { get; } = Guid.NewGuid();

    public TryScopedLedger() => Events.Enqueue((Id, "created"));

    public void Dispose() => Events.Enqueue((Id, "disposed"));
}

/// <summary>A task class: its constructor takes services; its methods are the tasks.</summary>
public sealed class LedgerTasks(TryScopedLedger ledger)
{
    public Guid Fail(int failUntilTry, Baton.Tasks.TaskContext context) =>
        context.TryNumber < failUntilTry ? throw new InvalidOperationException($"try {context.TryNumber} fails") : ledger.Id;

    public Guid Id() => ledger.Id;
}

/// <summary>A task class that needs a service nobody registered.</summary>
public sealed class NeedsMissingService(Uri endpoint)
{
    public string Get() => endpoint.ToString();
}

/// <summary>
/// Services into tasks: a task class built from the try's own dependency-injection scope (a scoped service is new per
/// try and disposed after it), upstream values beside it, and a load error naming the DAG, task and parameter when a
/// constructor parameter is not a registered service.
/// </summary>
public sealed class TaskClassTests
{
    [Fact]
    public async Task TaskClass_GetsAScopedServiceNewForEachTry_DisposedAfterIt()
    {
        var dag = new InlineDag(new DagSpec("scoped") { Retries = 2, RetryDelay = TimeSpan.Zero }, d =>
        {
            var three = d.Task("three", () => 3);
            d.With<LedgerTasks>().Task("flaky", (tasks, failUntil, ctx) => tasks.Fail(failUntil, ctx), three);
        });
        await using var host = await EngineHost.StartAsync([dag], configure: s => s.AddScoped<TryScopedLedger>());
        TryScopedLedger.Events.Clear();

        var result = await host.TestAsync("scoped");

        Assert.Equal(DagRunState.Success, result.Run.State);
        var flaky = Assert.Single(result.TaskInstances, t => t.TaskId == "flaky");
        Assert.Equal(3, flaky.TryNumber);
        var events = TryScopedLedger.Events.ToList();
        var ids = events.Where(e => e.Event == "created").Select(e => e.Id).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Contains((id, "disposed"), events));
        var returned = await host.XComs.PullAsync<Guid>(new("scoped", result.Run.RunId, "flaky", -1), TestContext.Current.CancellationToken);
        Assert.Equal(ids[^1], returned);
    }

    [Fact]
    public async Task TaskClass_RegisteredAsAServiceItself_IsTakenFromTheTryScope()
    {
        var dag = new InlineDag("registered", d => d.With<LedgerTasks>().Task("id", tasks => tasks.Id()));
        await using var host = await EngineHost.StartAsync([dag], configure: s => s.AddScoped<TryScopedLedger>().AddScoped<LedgerTasks>());
        TryScopedLedger.Events.Clear();

        var result = await host.TestAsync("registered");

        Assert.Equal(DagRunState.Success, result.Run.State);
        var (id, _) = Assert.Single(TryScopedLedger.Events, e => e.Event == "created");
        Assert.Contains((id, "disposed"), TryScopedLedger.Events);
    }

    [Fact]
    public void TaskClass_WithAConstructorParameterThatIsNoService_FailsToLoadNamingTheDagTaskAndParameter()
    {
        var services = new ServiceCollection().AddScoped<TryScopedLedger>().BuildServiceProvider();
        var isService = services.GetRequiredService<IServiceProviderIsService>();

        var bag = DagBag.FromAssemblies([typeof(TaskClassTests).Assembly], isService);

        var error = Assert.Single(bag.Errors, e => e.DagId == MissingServiceDag.Id);
        Assert.Contains("task 'get': parameter 'endpoint' (Uri) of NeedsMissingService's constructor is not a registered service", error.Message, StringComparison.Ordinal);
        Assert.Null(bag.Find(MissingServiceDag.Id));
        Assert.NotNull(bag.Find(ServicedDag.Id));
    }
}

/// <summary>A DAG whose task class cannot be built: loading it with the app's services fails.</summary>
public sealed class MissingServiceDag : IDagDefinition
{
    public const string Id = "task_class_missing_service";

    public DagSpec Spec { get; } = new(Id);

    public void Build(DagBuilder dag) => dag.With<NeedsMissingService>().Task("get", tasks => tasks.Get());
}

/// <summary>A DAG whose task class can be built from the services.</summary>
public sealed class ServicedDag : IDagDefinition
{
    public const string Id = "task_class_serviced";

    public DagSpec Spec { get; } = new(Id);

    public void Build(DagBuilder dag) => dag.With<LedgerTasks>().Task("id", tasks => tasks.Id());
}
