using System.Diagnostics;
using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Runs;
using Baton.Scheduling;
using Baton.Tests.Dags;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Tests.Scheduling;

/// <summary>The scheduler against a real SQLite file in a temporary directory, on a fake clock.</summary>
public sealed class SchedulerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset StartDate = Utc(2022, 12, 20);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("baton-scheduler-tests-").FullName;
    private readonly FakeTimeProvider _clock = new(Utc(2022, 12, 25, 13));
    private readonly List<Action> _onDispose = [];
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IMetadataStore Store => _services!.GetRequiredService<IMetadataStore>();

    private Scheduler Scheduler => _services!.GetRequiredService<Scheduler>();

    [Fact]
    public void AddBaton_WithoutOverrides_ResolvesTheSchedulerAndDagRunService()
    {
        var environment = BatonEnvironment.Create(_directory, new Dictionary<string, string>());
        using var services = new ServiceCollection()
            .AddBaton(environment, BatonSettings.Build(environment), DagBag.FromDefinitions([Daily("etl", catchup: false)]))
            .BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<DagRunService>());
        Assert.NotNull(services.GetRequiredService<Scheduler>());
    }

    [Fact]
    public async Task CreateDueRuns_WhenADueRunsIdIsAlreadyTaken_SkipsThatRunAndCreatesTheOthers()
    {
        var bag = await StartAsync(Daily("etl", catchup: true));
        var dag = bag.Get("etl");
        // Another scheduler on this database (or a trigger) took the id of a run this pass is about to create.
        await _services!.GetRequiredService<DagRunService>().TriggerAsync(dag, Utc(2022, 6, 1), "scheduled__2022-12-21T00:00:00+00:00", cancellationToken: Ct);

        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Equal(
            ["scheduled__2022-12-20T00:00:00+00:00", "scheduled__2022-12-22T00:00:00+00:00", "scheduled__2022-12-23T00:00:00+00:00", "scheduled__2022-12-24T00:00:00+00:00"],
            created.Select(r => r.RunId));
        Assert.Equal(5, (await Store.ListDagRunsAsync("etl", cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task CreateDueRuns_CatchupTrue_CreatesEveryMissedDailyRunSinceStartDate()
    {
        var bag = await StartAsync(Daily("etl", catchup: true, build: d => d.Chain(d.Task("extract", () => { }), d.Task("load", () => { }))));

        var created = await Scheduler.CreateDueRunsAsync(bag.Get("etl"), Ct);

        string[] expectedIds =
        [
            "scheduled__2022-12-20T00:00:00+00:00", "scheduled__2022-12-21T00:00:00+00:00", "scheduled__2022-12-22T00:00:00+00:00",
            "scheduled__2022-12-23T00:00:00+00:00", "scheduled__2022-12-24T00:00:00+00:00",
        ];
        Assert.Equal(expectedIds, created.Select(r => r.RunId));
        var stored = (await Store.ListDagRunsAsync("etl", cancellationToken: Ct)).OrderBy(r => r.LogicalDate).ToList();
        Assert.Equal(expectedIds, stored.Select(r => r.RunId));
        for (var i = 0; i < stored.Count; i++)
        {
            var run = stored[i];
            Assert.Equal(DagRunType.Scheduled, run.RunType);
            Assert.Equal(DagRunState.Queued, run.State);
            Assert.Equal(StartDate.AddDays(i), run.LogicalDate);
            Assert.Equal(StartDate.AddDays(i), run.DataIntervalStart);
            Assert.Equal(StartDate.AddDays(i + 1), run.DataIntervalEnd);
            var instances = await Store.ListTaskInstancesAsync("etl", run.RunId, Ct);
            Assert.Equal(["extract", "load"], instances.Select(t => t.TaskId));
            Assert.All(instances, t => Assert.Equal(TaskInstanceState.None, t.State));
        }
    }

    [Fact]
    public async Task CreateDueRuns_CatchupFalse_CreatesOnlyTheLatestCompleteInterval()
    {
        _clock.SetUtcNow(Utc(2026, 11, 25, 13));
        var bag = await StartAsync(Daily("etl", catchup: false));

        var created = await Scheduler.CreateDueRunsAsync(bag.Get("etl"), Ct);

        var run = Assert.Single(created);
        Assert.Equal("scheduled__2026-11-24T00:00:00+00:00", run.RunId);
        Assert.Equal(Utc(2026, 11, 24), run.DataIntervalStart);
        Assert.Equal(Utc(2026, 11, 25), run.DataIntervalEnd);
        Assert.Equal(Utc(2026, 11, 24), run.LogicalDate);
        Assert.Single(await Store.ListDagRunsAsync("etl", cancellationToken: Ct));
    }

    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 1)]
    public async Task CreateDueRuns_CalledAgain_CreatesNothingNew(bool catchup, int expectedRuns)
    {
        var bag = await StartAsync(Daily("etl", catchup));
        var dag = bag.Get("etl");
        await Scheduler.CreateDueRunsAsync(dag, Ct);

        var again = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Empty(again);
        Assert.Equal(expectedRuns, (await Store.ListDagRunsAsync("etl", cancellationToken: Ct)).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateDueRuns_ClockAdvancedByADay_CreatesExactlyOneMoreRun(bool catchup)
    {
        var bag = await StartAsync(Daily("etl", catchup));
        var dag = bag.Get("etl");
        await Scheduler.CreateDueRunsAsync(dag, Ct);

        _clock.Advance(TimeSpan.FromHours(10));
        var beforeIntervalEnds = await Scheduler.CreateDueRunsAsync(dag, Ct);
        _clock.Advance(TimeSpan.FromHours(14));
        var afterADay = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Empty(beforeIntervalEnds);
        var run = Assert.Single(afterADay);
        Assert.Equal("scheduled__2022-12-25T00:00:00+00:00", run.RunId);
        Assert.Equal(Utc(2022, 12, 25), run.DataIntervalStart);
        Assert.Equal(Utc(2022, 12, 26), run.DataIntervalEnd);
    }

    [Fact]
    public async Task CreateDueRuns_CatchupTrueAfterAnOutage_CreatesEveryMissedRun()
    {
        var bag = await StartAsync(Daily("etl", catchup: true));
        var dag = bag.Get("etl");
        await Scheduler.CreateDueRunsAsync(dag, Ct);

        _clock.Advance(TimeSpan.FromDays(3));
        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Equal([Utc(2022, 12, 25), Utc(2022, 12, 26), Utc(2022, 12, 27)], created.Select(r => r.LogicalDate));
    }

    [Fact]
    public async Task CreateDueRuns_CatchupFalseAfterAnOutage_CreatesOnlyTheLatestRun()
    {
        var bag = await StartAsync(Daily("etl", catchup: false));
        var dag = bag.Get("etl");
        await Scheduler.CreateDueRunsAsync(dag, Ct);

        _clock.Advance(TimeSpan.FromDays(3));
        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);

        var run = Assert.Single(created);
        Assert.Equal(Utc(2022, 12, 27), run.LogicalDate);
    }

    [Fact]
    public async Task CreateDueRuns_EndDate_StopsCreatingRunsAfterIt()
    {
        var bag = await StartAsync(Daily("etl", catchup: true, endDate: Utc(2022, 12, 22)));
        var dag = bag.Get("etl");

        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);
        _clock.Advance(TimeSpan.FromDays(30));
        var later = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Equal([Utc(2022, 12, 20), Utc(2022, 12, 21), Utc(2022, 12, 22)], created.Select(r => r.LogicalDate));
        Assert.Empty(later);
    }

    [Fact]
    public async Task CreateDueRuns_Once_CreatesOneRunAtTheStartDateAndNoMore()
    {
        var start = Utc(2022, 12, 20, 9, 30);
        var bag = await StartAsync(TestDag.OneTask(new DagSpec("once") { Schedule = "@once", StartDate = start }));
        var dag = bag.Get("once");

        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);
        _clock.Advance(TimeSpan.FromDays(30));
        var later = await Scheduler.CreateDueRunsAsync(dag, Ct);

        var run = Assert.Single(created);
        Assert.Equal("scheduled__2022-12-20T09:30:00+00:00", run.RunId);
        Assert.Equal(start, run.DataIntervalStart);
        Assert.Equal(start, run.DataIntervalEnd);
        Assert.Empty(later);
    }

    [Fact]
    public async Task CreateDueRuns_OnceWithStartDateInTheFuture_WaitsForIt()
    {
        var start = Utc(2022, 12, 26);
        var bag = await StartAsync(TestDag.OneTask(new DagSpec("once") { Schedule = "@once", StartDate = start }));
        var dag = bag.Get("once");

        var early = await Scheduler.CreateDueRunsAsync(dag, Ct);
        _clock.SetUtcNow(start);
        var onTime = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Empty(early);
        Assert.Single(onTime);
    }

    [Fact]
    public async Task CreateDueRuns_NoSchedule_CreatesNothing()
    {
        var bag = await StartAsync(TestDag.OneTask(new DagSpec("manual") { StartDate = StartDate }));

        var created = await Scheduler.CreateDueRunsAsync(bag.Get("manual"), Ct);

        Assert.Empty(created);
        Assert.Empty(await Store.ListDagRunsAsync("manual", cancellationToken: Ct));
    }

    [Fact]
    public async Task CreateDueRuns_ManualRunOnTheSameLogicalDate_IsNotDuplicated()
    {
        var bag = await StartAsync(Daily("etl", catchup: false));
        var dag = bag.Get("etl");
        var runs = _services!.GetRequiredService<DagRunService>();
        await runs.TriggerAsync(dag, Utc(2022, 12, 24), cancellationToken: Ct);

        var created = await Scheduler.CreateDueRunsAsync(dag, Ct);

        Assert.Empty(created);
        var run = Assert.Single(await Store.ListDagRunsAsync("etl", cancellationToken: Ct));
        Assert.Equal(DagRunType.Manual, run.RunType);
    }

    [Fact]
    public async Task SyncDags_NewDag_IsPausedAtCreationAndStaysUnpausedOnceUnpaused()
    {
        await StartAsync(Daily("etl", catchup: false));

        var created = await Store.GetDagAsync("etl", Ct);
        await Store.SetDagPausedAsync("etl", false, Ct);
        await Scheduler.SyncDagsAsync(Ct);
        var resynced = await Store.GetDagAsync("etl", Ct);

        Assert.True(created!.IsPaused);
        Assert.Equal("@daily", created.Schedule);
        Assert.False(resynced!.IsPaused);
    }

    [Fact]
    public async Task SyncDags_PausedAtCreationTurnedOff_LeavesTheNewDagUnpaused()
    {
        await StartAsync([Daily("etl", catchup: false)], new() { ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false" });

        var dag = await Store.GetDagAsync("etl", Ct);

        Assert.False(dag!.IsPaused);
    }

    [Fact]
    public async Task RunOnce_PausedDag_GetsNoRuns()
    {
        await StartAsync(Daily("etl", catchup: true));

        await Scheduler.RunOnceAsync(Ct);

        Assert.Empty(await Store.ListDagRunsAsync("etl", cancellationToken: Ct));
        Assert.Equal(0, Scheduler.ActiveRunCount);
    }

    [Fact]
    public async Task RunOnce_UnpausedDag_CreatesItsDueRunsAndRunsThemToSuccess()
    {
        var seen = new List<(string RunId, DateTimeOffset Start, DateTimeOffset End)>();
        await StartAsync(Daily("etl", catchup: true, build: d => d.Task("record", ctx =>
        {
            lock (seen)
            {
                seen.Add((ctx.RunId, ctx.DataInterval.Start, ctx.DataInterval.End));
            }
        })));
        await Store.SetDagPausedAsync("etl", false, Ct);

        var runs = await RunUntilEveryRunEndsAsync("etl");

        Assert.Equal(5, runs.Count);
        Assert.All(runs, r => Assert.Equal(DagRunState.Success, r.State));
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => ($"scheduled__2022-12-{20 + i}T00:00:00+00:00", StartDate.AddDays(i), StartDate.AddDays(i + 1))),
            seen.OrderBy(s => s.Start));
    }

    [Fact]
    public async Task RunOnce_MaxActiveRuns_StartsNoMoreRunsThanTheLimit()
    {
        var work = Blocking();
        await StartAsync(Daily("limited", catchup: true, maxActiveRuns: 2, build: d => d.Task("wait", work.RunAsync)));
        await Store.SetDagPausedAsync("limited", false, Ct);

        await Scheduler.RunOnceAsync(Ct);
        await WaitUntilAsync(() => Task.FromResult(work.Running), n => n >= 2, "two runs to be inside their task");
        await Scheduler.RunOnceAsync(Ct);

        var runs = (await Store.ListDagRunsAsync("limited", cancellationToken: Ct)).OrderBy(r => r.LogicalDate).ToList();
        Assert.Equal(
            [DagRunState.Running, DagRunState.Running, DagRunState.Queued, DagRunState.Queued, DagRunState.Queued],
            runs.Select(r => r.State));
        Assert.Equal(2, Scheduler.ActiveRunCount);
        Assert.Equal(2, work.Running);

        work.Release();
        var ended = await RunUntilEveryRunEndsAsync("limited");

        Assert.All(ended, r => Assert.Equal(DagRunState.Success, r.State));
        Assert.Equal(2, work.MaxRunning);
    }

    [Fact]
    public async Task RunOnce_RunStartedButNotYetMarkedRunning_CountsAgainstMaxActiveRuns()
    {
        var bag = await StartAsync([Daily("limited", catchup: false, maxActiveRuns: 1)], wrapStore: RunStateGate.Around);
        _onDispose.Add(() => RunStateGate.Open(Store));
        await Store.SetDagPausedAsync("limited", false, Ct);

        // The scheduled run starts, but the database does not say so yet; then an older run is triggered.
        await Scheduler.RunOnceAsync(Ct);
        await _services!.GetRequiredService<DagRunService>().TriggerAsync(bag.Get("limited"), Utc(2022, 12, 1), cancellationToken: Ct);
        await Scheduler.RunOnceAsync(Ct);

        Assert.Equal(1, Scheduler.ActiveRunCount);

        RunStateGate.Open(Store);
        var ended = await RunUntilEveryRunEndsAsync("limited");
        Assert.Equal(2, ended.Count);
        Assert.All(ended, r => Assert.Equal(DagRunState.Success, r.State));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var action in _onDispose)
            {
                action();
            }

            if (_services is not null)
            {
                // A test that failed half-way may leave runs going; let them end before their files go.
                var watch = Stopwatch.StartNew();
                while (Scheduler.ActiveRunCount > 0 && watch.Elapsed < WaitLimit)
                {
                    await Task.Delay(5, CancellationToken.None);
                }

                await _services.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<DagBag> StartAsync(IDagDefinition definition) => StartAsync([definition]);

    private async Task<DagBag> StartAsync(
        IReadOnlyList<IDagDefinition> definitions, Dictionary<string, string>? variables = null, Func<IMetadataStore, IMetadataStore>? wrapStore = null)
    {
        var environment = BatonEnvironment.Create(_directory, variables ?? []);
        var bag = DagBag.FromDefinitions(definitions);
        Assert.Empty(bag.Errors);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);

        if (wrapStore is not null)
        {
            services.AddSingleton(sp => wrapStore(ActivatorUtilities.CreateInstance<SqlMetadataStore>(sp)));
        }

        services.AddBaton(environment, BatonSettings.Build(environment), bag);
        _services = services.BuildServiceProvider();

        await Store.MigrateAsync(Ct);
        await Scheduler.SyncDagsAsync(Ct);
        return bag;
    }

    private BlockingWork Blocking()
    {
        var work = new BlockingWork();
        _onDispose.Add(work.Release);
        return work;
    }

    /// <summary>Calls the scheduler, as its loop would, until every run of the DAG has ended and none is being driven.</summary>
    private Task<IReadOnlyList<DagRunRecord>> RunUntilEveryRunEndsAsync(string dagId) =>
        WaitUntilAsync(
            async () =>
            {
                await Scheduler.RunOnceAsync(Ct);
                return await Store.ListDagRunsAsync(dagId, cancellationToken: Ct);
            },
            runs => runs.All(r => r.State is DagRunState.Success or DagRunState.Failed) && Scheduler.ActiveRunCount == 0,
            $"every run of {dagId} to end");

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (watch.Elapsed > WaitLimit)
            {
                Assert.Fail($"gave up after {WaitLimit} waiting for {what}");
            }

            await Task.Delay(5, Ct);
        }
    }

    private static TestDag Daily(string dagId, bool catchup, Action<DagBuilder>? build = null, int maxActiveRuns = 16, DateTimeOffset? endDate = null) =>
        new(
            new DagSpec(dagId) { Schedule = "@daily", StartDate = StartDate, Catchup = catchup, MaxActiveRuns = maxActiveRuns, EndDate = endDate },
            build ?? (d => d.Task("work", () => { })));

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
