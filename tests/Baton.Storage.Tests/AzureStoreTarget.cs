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
}
