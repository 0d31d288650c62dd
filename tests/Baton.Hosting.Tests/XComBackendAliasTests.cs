using Baton.Hosting.Tests.Support;
using XComTutorial.Include;

namespace Baton.Hosting.Tests;

/// <summary>
/// A user's backend class registered with <c>AddXComBackend&lt;T&gt;()</c> is selected by its name in
/// <c>BATON__XCOM__BACKEND</c> (no assembly-qualified type name), built with dependency injection, and used for every value.
/// </summary>
public sealed class XComBackendAliasTests
{
    [Fact]
    public async Task BackendAddedToTheBuilder_IsSelectedByItsClassName()
    {
        using var cli = new CliRunner(
            new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = nameof(LocalJsonXComBackend) },
            configureServices: services => services.AddBaton().AddXComBackend<LocalJsonXComBackend>());

        var run = await cli.RunAsync("dags", "test", "cli_pipeline", "2024-01-02", "-q");

        Assert.True(run.ExitCode == 0, run.ToString());
        var stored = Directory.GetFiles(Path.Combine(cli.BatonHome, LocalJsonXComBackend.DirectoryName), "*", SearchOption.AllDirectories);
        Assert.NotEmpty(stored);
        var list = await cli.RunAsync("xcom", "list", "--dag-id", "cli_pipeline");
        Assert.Contains(LocalJsonXComBackend.Prefix, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendAddedUnderAnotherName_IsSelectedByThatName_AndAnUnknownNameListsTheKnownOnes()
    {
        using var cli = new CliRunner(configureServices: services => services.AddBaton().AddXComBackend<LocalJsonXComBackend>("local_json"));

        var unknown = await cli.RunAsync(["config", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "LocalJsonXComBackend" });
        var known = await cli.RunAsync(["dags", "test", "cli_pipeline", "2024-01-02", "-q"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "local_json" });

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("BATON__XCOM__BACKEND='LocalJsonXComBackend' names no known backend and no loadable type. Use one of database, local_json, objectstorage", unknown.Error, StringComparison.Ordinal);
        Assert.True(known.ExitCode == 0, known.ToString());
    }
}
