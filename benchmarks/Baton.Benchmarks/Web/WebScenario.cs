using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Baton.Benchmarks.Infrastructure;
using Baton.Benchmarks.XComs;
using Baton.Configuration;
using Baton.Dags;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Scheduling;
using Baton.Web;
using Baton.Web.Api;
using Baton.Web.Api.DagRuns;
using Baton.Web.Api.TaskInstances;
using Baton.Web.Auth;
using Baton.Web.Ui;
using Baton.XComs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Benchmarks.Web;

/// <summary>
/// The web server on a database in long use: <see cref="WebDatabase.DagCount"/> DAGs × <see cref="WebDatabase.RunsPerDag"/>
/// runs × ten tasks (1M task instances, 1M XCom rows), plus a 64 MB and a 1 GB object value in a local object store.
/// The real server (<see cref="WebServerHost"/>, as <c>webserver</c> and <c>standalone</c> run it: Kestrel on a free
/// loopback port, authentication on) answers <see cref="HttpClient"/>; each page of <see cref="WebPage.All"/> is
/// requested <see cref="RequestsPerPass"/> times per pass (warm-up passes thrown away), and its time is from sending the
/// request to the last byte of the answer. The grid the UI draws (a DAG's 25 newest runs with their task instances) is
/// also measured as the service calls it makes. The 64 MB and 1 GB values are downloaded whole while the process's
/// working set is sampled: it must not grow with the value.
/// </summary>
internal sealed class WebScenario : IBenchmarkScenario
{
    private const int RequestsPerPass = 100;

    /// <summary>Requests per pass of a page whose first answer took longer than <see cref="SlowPage"/>: its figures are far off the targets anyway.</summary>
    private const int SlowRequestsPerPass = 10;

    private static readonly TimeSpan SlowPage = TimeSpan.FromMilliseconds(500);
    private const double P50TargetMs = 50;
    private const double P99TargetMs = 150;
    private const int Downloads = 3;

    public string Name => "web";

    public string Description =>
        $"the web server on {WebDatabase.DagCount} DAGs x {WebDatabase.RunsPerDag:N0} runs x {WebDag.TaskCount} tasks (1M task instances, 1M XComs): p50/p99 of its pages, working set serving 64 MB and 1 GB values";

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = new ResultTable(
            $"Scenario: {Name} — {WebDatabase.DagCount} DAGs x {WebDatabase.RunsPerDag} runs x {WebDag.TaskCount} tasks in SQLite; each page requested {RequestsPerPass} times per pass " +
            $"({SlowRequestsPerPass} when its second answer took over {SlowPage.TotalMilliseconds:F0} ms) " +
            $"({options.WarmupRuns} warm-up pass(es) thrown away, {options.MeasuredRuns} measured), one request at a time over loopback with keep-alive",
            "page", "requests", "p50 ms", "p99 ms", "max ms", "WS +MB", "targets");
        var work = Path.Combine(options.HomeRoot, "web");
        var home = Path.Combine(work, "home");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__THRESHOLD"] = "65536",
            ["BATON__XCOM__COMPRESSION"] = "zstd",
        };
        var dags = DagBag.FromDefinitions(WebDag.All(WebDatabase.DagCount));
        var cached = await WebDatabase.EnsureAsync(settings, dags, options.Progress, cancellationToken);
        Directory.CreateDirectory(home);
        File.Copy(cached, Path.Combine(home, "baton.db"));
        settings["BATON_HOME"] = home;
        settings["BATON__XCOM__PATH"] = new Uri(Path.Combine(work, "xcoms")).AbsoluteUri;
        var environment = BatonEnvironment.Create(home, settings);
        var collection = new ServiceCollection().AddBaton(environment, BatonSettings.Build(environment), dags);
        collection.AddWebServerSettings().AddBatonUsers();
        var services = collection.BuildServiceProvider();
        try
        {
            await services.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken);
            await services.GetRequiredService<Scheduler>().SyncDagsAsync(cancellationToken);
            await services.GetRequiredService<UserService>().CreateAsync("bench", "Admin", UserService.GeneratePassword(), cancellationToken);
            var token = (await services.GetRequiredService<ApiTokenService>().CreateAsync("bench", "bench", null, cancellationToken)).Token;
            var bigRun = WebDatabase.RunId(WebDatabase.RunsPerDag - 1);
            await PushLargeValuesAsync(services.GetRequiredService<XComService>(), Path.Combine(work, "data"), bigRun, options.Progress, cancellationToken);

            var web = WebServerHost.Build(services, "127.0.0.1", 0);
            await using (web)
            {
                await web.StartAsync(cancellationToken);
                var url = WebServerHost.Addresses(web)[0];
                options.Progress?.WriteLine($"  web server on {url}");
                using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
                var api = new AuthenticationHeaderValue("Bearer", token);
                var cookie = $"{BatonAuthSchemes.CookieName}={SessionCookie(web)}";

                foreach (var page in WebPage.All.Where(p => options.Includes(p.Name)))
                {
                    var probe = (int request, CancellationToken ct) => GetAsync(http, page.For(request, bigRun), page.Ui ? null : api, page.Ui ? cookie : null, ct);
                    var (status, body) = await FirstAsync(http, page.For(0, bigRun), page.Ui ? null : api, page.Ui ? cookie : null, cancellationToken);
                    if (status != HttpStatusCode.OK)
                    {
                        if (!page.Ui)
                        {
                            throw new InvalidOperationException($"{page.Name}: {page.For(0, bigRun)} answered {(int)status}: {body}");
                        }

                        table.AddRow(page.Name, "-", $"n/a ({(int)status}: not in the UI yet)", "-", "-", "-", "-");
                        continue;
                    }

                    // The second answer tells a slow page (the first one also pays for compiling the page's code).
                    var second = Stopwatch.StartNew();
                    await probe(1, cancellationToken);
                    var requests = second.Elapsed > SlowPage ? SlowRequestsPerPass : RequestsPerPass;
                    AddRow(table, page.Name, await MeasureAsync(page.Name, probe, options, cancellationToken, requests));
                }

                const string Grid = "grid via services: 25 newest runs + their task instances";
                if (options.Includes(Grid))
                {
                    AddRow(table, Grid, await MeasureAsync(Grid, GridProbe(web), options, cancellationToken));
                }

                // The DAG list's "recent runs": a paged query (and its count) per DAG, as the UI asks today, against the
                // one statement per 200 DAGs of SqlMetadataQueries.ListRecentDagRunsAsync.
                const string RecentPerDag = "DAG list's recent runs via services: a query per DAG";
                const string RecentAtOnce = "DAG list's recent runs via services: one query";
                var dagIds = Enumerable.Range(0, WebDatabase.DagCount).Select(WebDag.Id).ToList();
                if (options.Includes(RecentPerDag))
                {
                    var ui = web.Services.GetRequiredService<UiQueries>();
                    AddRow(table, RecentPerDag, await MeasureAsync(RecentPerDag, async (request, ct) =>
                    {
                        foreach (var dagId in dagIds)
                        {
                            await ui.RecentRunsAsync(dagId, UiQueries.RecentRuns, ct);
                        }
                    }, options, cancellationToken));
                }

                if (options.Includes(RecentAtOnce))
                {
                    var queries = services.GetRequiredService<SqlMetadataQueries>();
                    AddRow(table, RecentAtOnce, await MeasureAsync(RecentAtOnce, (_, ct) => queries.ListRecentDagRunsAsync(dagIds, UiQueries.RecentRuns, ct), options, cancellationToken));
                }

                var downloads = new List<(string Name, long Size, Measurement Measured)>();
                foreach (var (key, size) in new[] { (WebPage.Value64Mb, 64 * Sizes.MB), (WebPage.Value1Gb, Sizes.GB) })
                {
                    var name = $"API download, {Sizes.Label(size)} object (zstd)";
                    if (options.Includes(name))
                    {
                        var path = $"/api/v1/dags/web_000/dagRuns/{Uri.EscapeDataString(bigRun)}/taskInstances/t09/xcomEntries/{key}/value/raw";
                        downloads.Add((name, size, await DownloadAsync(http, path, api, size, options, cancellationToken)));
                    }
                }

                AddDownloadRows(table, downloads);

                await web.StopAsync(cancellationToken);
            }
        }
        finally
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }

        table.AddNote($"Database: {WebDatabase.DagCount} DAGs (web_000…), {WebDatabase.RunsPerDag} daily runs each (every 50th failed), {WebDag.TaskCount} task instances and {WebDag.TaskCount} inline JSON XComs per run;");
        table.AddNote($"  filled once per schema (copies of one real run's rows) and cached in {WebDatabase.CacheRoot}/{WebDatabase.SchemaKey()}; each run serves a copy.");
        table.AddNote("  Pages cycle over the 100 DAGs, each DAG's 25 newest runs and its 10 tasks. API requests carry a token, UI pages a session cookie.");
        table.AddNote("  Time: from sending the request to the last byte of the answer (HttpClient, one request at a time); 'WS +MB': the process's peak working set");
        table.AddNote("  over the row, above its level after a full GC (server and client share the process). Targets: p50 < 50 ms, p99 < 150 ms;");
        table.AddNote("  downloads: the working set does not grow with the value (1 GB within 64 MB of the 64 MB row).");
        return table;
    }

    private static async Task PushLargeValuesAsync(XComService xcoms, string directory, string runId, TextWriter? progress, CancellationToken cancellationToken)
    {
        using var data = await TestData.CreateAsync(directory, [(DataKind.Random, 64 * Sizes.MB, true), (DataKind.Random, Sizes.GB, true)], progress, cancellationToken);
        foreach (var (key, size) in new[] { (WebPage.Value64Mb, 64 * Sizes.MB), (WebPage.Value1Gb, Sizes.GB) })
        {
            var started = Stopwatch.StartNew();
            await using var source = FileSystem.OpenSource(data.FileOf(DataKind.Random, size));
            await xcoms.PushAsync(new XComKey(WebDag.Id(0), runId, WebDag.TaskId(WebDag.TaskCount - 1), -1, key), source, typeof(Stream), cancellationToken);
            progress?.WriteLine($"  pushed the {Sizes.Label(size)} value '{key}' in {started.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>The session cookie a login gives (the cookie scheme's own ticket format, with the server's keys), for the UI's pages.</summary>
    private static string SessionCookie(WebApplication web)
    {
        var options = web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(BatonAuthSchemes.Cookie);
        var now = DateTimeOffset.UtcNow;
        return options.TicketDataFormat.Protect(new AuthenticationTicket(BatonRoles.Principal("bench", BatonRole.Admin, "password"),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(12) }, BatonAuthSchemes.Cookie));
    }

    private static async Task<(HttpStatusCode Status, string Body)> FirstAsync(HttpClient http, string path, AuthenticationHeaderValue? token, string? cookie, CancellationToken cancellationToken)
    {
        using var request = Request(path, token, cookie);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body.Length > 300 ? body[..300] : body);
    }

    private static async Task GetAsync(HttpClient http, string path, AuthenticationHeaderValue? token, string? cookie, CancellationToken cancellationToken)
    {
        using var request = Request(path, token, cookie);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static HttpRequestMessage Request(string path, AuthenticationHeaderValue? token, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = token;
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    private static async Task<Measurement> MeasureAsync(
        string name, Func<int, CancellationToken, Task> probe, BenchmarkOptions options, CancellationToken cancellationToken, int requestsPerPass = RequestsPerPass)
    {
        var request = 0;
        for (var i = 0; i < options.WarmupRuns * requestsPerPass; i++)
        {
            await probe(request++, cancellationToken);
        }

        FileSystem.CollectGarbage();
        var baseline = Environment.WorkingSet;
        using var sampler = WorkingSetSampler.Start();
        var samples = new List<double>(options.MeasuredRuns * requestsPerPass);
        for (var i = 0; i < options.MeasuredRuns * requestsPerPass; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await probe(request++, cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var measurement = new Measurement(samples, sampler.Stop() - baseline);
        options.Progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: p50 {measurement.P50:F2} ms, p99 {measurement.P99:F2} ms over {samples.Count} requests"));
        return measurement;
    }

    private static async Task<Measurement> DownloadAsync(HttpClient http, string path, AuthenticationHeaderValue token, long size, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        if (options.WarmupRuns > 0)
        {
            await DownloadOnceAsync();
        }

        FileSystem.CollectGarbage();
        var baseline = Environment.WorkingSet;
        using var sampler = WorkingSetSampler.Start();
        var samples = new List<double>(Downloads);
        for (var i = 0; i < Downloads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await DownloadOnceAsync();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var measurement = new Measurement(samples, sampler.Stop() - baseline);
        options.Progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  download of {Sizes.Label(size)}: {size / Sizes.MB / (measurement.P50 / 1000):F0} MB/s, working set +{measurement.WorkingSetGrowth / Sizes.MB} MB"));
        return measurement;

        async Task DownloadOnceAsync()
        {
            using var request = Request(path, token, null);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }

            if (total != size)
            {
                throw new InvalidOperationException($"{path} gave {total} bytes, not {size}");
            }
        }
    }

    private static void AddRow(ResultTable table, string name, Measurement m) => table.AddRow(
        name, m.Samples.Count.ToString(CultureInfo.InvariantCulture), Ms(m.P50), Ms(m.P99), Ms(m.Samples.Max()),
        (m.WorkingSetGrowth / Sizes.MB).ToString(CultureInfo.InvariantCulture),
        m.P50 < P50TargetMs && m.P99 < P99TargetMs ? "ok" : $"MISSED (p50 < {P50TargetMs:F0}, p99 < {P99TargetMs:F0})");

    /// <summary>The download rows; the largest value's target is a working set within 64 MB of the smallest's.</summary>
    private static void AddDownloadRows(ResultTable table, List<(string Name, long Size, Measurement Measured)> downloads)
    {
        var smallest = downloads.Count > 0 ? downloads.MinBy(d => d.Size).Measured.WorkingSetGrowth / Sizes.MB : 0;
        foreach (var (name, size, m) in downloads)
        {
            var rate = string.Create(CultureInfo.InvariantCulture, $"{size / Sizes.MB / (m.P50 / 1000):F0} MB/s");
            var growth = m.WorkingSetGrowth / Sizes.MB;
            var flat = downloads.Count > 1 && size == downloads.Max(d => d.Size) ? (growth <= smallest + 64 ? "; WS flat: ok" : "; WS flat: MISSED") : "";
            table.AddRow(name, m.Samples.Count.ToString(CultureInfo.InvariantCulture), Ms(m.P50), Ms(m.P99), Ms(m.Samples.Max()),
                growth.ToString(CultureInfo.InvariantCulture), rate + flat);
        }
    }

    /// <summary>What the UI's grid asks the services for: a DAG's 25 newest runs, then each run's task instances.</summary>
    private static Func<int, CancellationToken, Task> GridProbe(WebApplication web)
    {
        var runs = web.Services.GetRequiredService<DagRunsService>();
        var instances = web.Services.GetRequiredService<TaskInstancesService>();
        return async (request, cancellationToken) =>
        {
            var dagId = WebDag.Id(request % WebDatabase.DagCount);
            var page = await runs.ListAsync(dagId, [], null, null, new Paging(WebPage.RecentRuns, 0), cancellationToken);
            foreach (var run in page.DagRuns)
            {
                _ = await instances.ListAsync(dagId, run.DagRunId, [], new Paging(Paging.MaxLimit, 0), cancellationToken);
            }
        };
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private sealed record Measurement(List<double> Samples, long WorkingSetGrowth)
    {
        public double P50 => Stats.Percentile(Samples, 50);

        public double P99 => Stats.Percentile(Samples, 99);
    }
}
