using Baton.Connections;
using Baton.Storage.S3;
using Baton.Storage.Tests.S3;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests;

/// <summary>S3 through s3rver (scripts/emulators.sh): s3://s3_suite@test-bucket/{prefix}, the connection in BATON_CONN_S3_SUITE.</summary>
public sealed class S3StoreTarget : StoreTarget
{
    public override string Name => "s3";

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        await S3Emulator.EnsureReadyAsync(cancellationToken);
        return new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"s3://{S3Emulator.ConnId}@{S3Emulator.Bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(S3Emulator.ConnId)] = S3EmulatorSettings.ConnectionJson(),
        };
    }

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonS3();

    public override Uri? Endpoint => new(S3EmulatorSettings.Endpoint);

    public override Dictionary<string, string>? SettingsAt(Uri endpoint, string prefix)
    {
        var extra = S3EmulatorSettings.Extra(endpoint.GetLeftPart(UriPartial.Authority));
        extra["max_attempts"] = 1;
        return new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"s3://s3_elsewhere@{S3Emulator.Bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName("s3_elsewhere")] = S3EmulatorSettings.ConnectionJson(extra: extra),
        };
    }

    public override async Task<MissingContainer?> MissingContainerAsync(string prefix, CancellationToken cancellationToken)
    {
        await S3Emulator.EnsureReadyAsync(cancellationToken);
        var bucket = "baton-missing-" + Guid.NewGuid().ToString("N")[..12];
        return new MissingContainer(new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"s3://{S3Emulator.ConnId}@{bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(S3Emulator.ConnId)] = S3EmulatorSettings.ConnectionJson(),
        }, bucket, null);
    }
}
