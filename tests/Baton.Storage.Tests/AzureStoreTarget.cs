using Baton.Connections;
using Baton.Storage.Azure;
using Baton.Storage.Tests.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests;

/// <summary>Azure Blob Storage on the Azurite emulator: container <c>baton-suite</c> (created when missing), a prefix per test.</summary>
public sealed class AzureStoreTarget : StoreTarget
{
    public const string ConnId = "azure_suite";
    public const string Container = "baton-suite";

    public override string Name => "azure";

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        await Azurite.ContainerAsync(Container, cancellationToken);
        return new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"az://{ConnId}@{Container}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(ConnId)] = Azurite.ConnectionJson(),
        };
    }

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonAzure();

    public override Uri? Endpoint => new(Azurite.Endpoint.GetLeftPart(UriPartial.Authority));

    public override Dictionary<string, string>? SettingsAt(Uri endpoint, string prefix) => new()
    {
        ["BATON__XCOM__PATH"] = $"az://azure_elsewhere@{Container}/{prefix}",
        [ConnectionResolver.EnvironmentVariableName("azure_elsewhere")] =
            Azurite.ConnectionJson(new Dictionary<string, object> { ["retry_total"] = 0 }, endpoint: new Uri(endpoint, "/" + Azurite.AccountName).AbsoluteUri),
    };

    public override async Task<MissingContainer?> MissingContainerAsync(string prefix, CancellationToken cancellationToken)
    {
        await Azurite.EnsureRunningAsync(cancellationToken);
        var container = "baton-missing-" + Guid.NewGuid().ToString("N")[..12];
        return new MissingContainer(new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"az://{ConnId}@{container}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(ConnId)] = Azurite.ConnectionJson(),
        }, container, null);
    }
}
