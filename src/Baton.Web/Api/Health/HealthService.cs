using Baton.Metadata;
using Baton.Metadata.Sql;

namespace Baton.Web.Api.Health;

/// <summary>Checks the metadata database (a read) and how long ago a scheduler last wrote its heartbeat.</summary>
internal sealed class HealthService(SqlSchedulerHeartbeatStore heartbeats, TimeProvider timeProvider)
{
    /// <summary>A scheduler silent for longer is unhealthy (Airflow's default threshold).</summary>
    public static readonly TimeSpan SchedulerThreshold = TimeSpan.FromSeconds(30);

    public async Task<HealthJson> CheckAsync(CancellationToken cancellationToken = default)
    {
        SchedulerHeartbeatRecord? latest;
        try
        {
            latest = await heartbeats.LatestAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataStoreException e)
        {
            return new HealthJson(new MetadatabaseHealthJson("unhealthy", e.Message), new SchedulerHealthJson("unhealthy", null, null));
        }

        var age = latest is null ? (TimeSpan?)null : timeProvider.GetUtcNow() - latest.LatestHeartbeat;
        var scheduler = new SchedulerHealthJson(age is { } a && a <= SchedulerThreshold ? "healthy" : "unhealthy", latest?.LatestHeartbeat, age?.TotalSeconds);
        return new HealthJson(new MetadatabaseHealthJson("healthy"), scheduler);
    }
}
