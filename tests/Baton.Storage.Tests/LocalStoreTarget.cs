namespace Baton.Storage.Tests;

/// <summary>A local directory (file:///…), one per test run.</summary>
public sealed class LocalStoreTarget : StoreTarget
{
    private static readonly string Root = Directory.CreateTempSubdirectory("baton-suite-local-").FullName;

    public override string Name => "local";

    public override Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken) =>
        Task.FromResult(new Dictionary<string, string> { ["BATON__XCOM__PATH"] = new Uri(Root + "/").AbsoluteUri + prefix });
}
