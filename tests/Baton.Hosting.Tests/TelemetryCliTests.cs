using System.Diagnostics;
using Baton.Hosting.Tests.Support;
using Baton.Telemetry;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XComTutorial.Dags;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>The tutorial's <c>simple_xcom</c> through <c>dags test</c> on the local object store, with OpenTelemetry's SDK listening.</summary>
[Collection(nameof(ProcessWideTelemetry))]
public sealed class TelemetryCliTests
{
    private const string RunId = "manual__2031-05-17T00:00:00+00:00";

    [Fact]
    public async Task DagsTest_SimpleXcomOnTheObjectStore_ExportsItsSpansAndTheStoredBytes()
    {
        var store = Directory.CreateTempSubdirectory("baton-otel-cli-").FullName;
        try
        {
            using var telemetry = new TelemetryCapture();
            using var cli = new CliRunner(
                new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(store + "/").AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = "0" },
                typeof(SimpleXcom).Assembly, services => services.AddTutorialServices());

            var result = await cli.RunAsync("dags", "test", "simple_xcom", "2031-05-17");

            Assert.True(result.ExitCode == 0, result.ToString());
            // The value object (not its manifest, not the local store's metadata sidecar): what the spans and metric must count.
            var stored = Assert.Single(Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories),
                f => !f.EndsWith(".manifest.json", StringComparison.Ordinal) && !f.EndsWith(".meta", StringComparison.Ordinal));
            var storedBytes = new FileInfo(stored).Length;

            var spans = telemetry.Spans.Where(s => Equals(s.GetTagItem("baton.run_id"), RunId)).ToList();
            var run = Assert.Single(spans, s => s.DisplayName == "dag_run simple_xcom");
            Assert.Equal("success", run.GetTagItem("baton.dag_run.state"));
            var tries = spans.Where(s => s.DisplayName.StartsWith("task_try ", StringComparison.Ordinal)).ToList();
            Assert.Equal(["task_try simple_xcom.generate_value", "task_try simple_xcom.print_value"], tries.Select(s => s.DisplayName).Order());
            Assert.All(tries, t => Assert.Equal(run.SpanId, t.ParentSpanId));
            foreach (var direction in new[] { "push", "pull" })
            {
                var xcom = Assert.Single(spans, s => s.DisplayName == $"xcom {direction} return_value");
                Assert.Contains(tries, t => t.SpanId == xcom.ParentSpanId);
                Assert.Equal("object", xcom.GetTagItem("baton.xcom.storage"));
                Assert.Equal("file", xcom.GetTagItem("baton.xcom.store.scheme"));
                Assert.Equal(storedBytes, xcom.GetTagItem("baton.xcom.size"));
                Assert.Equal(ActivityStatusCode.Unset, xcom.Status);
            }

            var io = telemetry.Metric("baton.xcom.io");
            Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "push"), ("baton.xcom.storage", "object"), ("baton.xcom.store.scheme", "file")).GetSumLong());
            Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "pull"), ("baton.xcom.storage", "object"), ("baton.xcom.store.scheme", "file")).GetSumLong());
            var triesCounted = telemetry.Metric("baton.task.tries");
            foreach (var taskId in new[] { "generate_value", "print_value" })
            {
                Assert.Equal(1, MetricPoints.Single(triesCounted, ("baton.dag_id", "simple_xcom"), ("baton.task_id", taskId), ("baton.task_instance.state", "success")).GetSumLong());
            }
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Fact]
    public async Task DagsTest_WithTheAppsOwnAddOpenTelemetry_ItsProvidersReceiveBatonsSpansAndMetrics()
    {
        // The usual .NET way (builder.Services.AddOpenTelemetry()): its providers start with a host, and a command never
        // starts the host, so Baton has to build them or they would never see a span.
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var cli = new CliRunner(new Dictionary<string, string>(), typeof(SimpleXcom).Assembly, services =>
        {
            services.AddTutorialServices();
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource(BatonTelemetry.ActivitySourceName).AddInMemoryExporter(spans))
                .WithMetrics(meters => meters.AddMeter(BatonTelemetry.MeterName).AddInMemoryExporter(metrics));
        }))
        {
            var result = await cli.RunAsync("dags", "test", "simple_xcom", "2031-05-17");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(spans, s => s.DisplayName == "dag_run simple_xcom" && Equals(s.GetTagItem("baton.run_id"), RunId));
        }

        // Disposing the command's host flushed the meter provider into the exporter.
        Assert.Contains(metrics, m => m.Name == "baton.task.tries");
    }
}

