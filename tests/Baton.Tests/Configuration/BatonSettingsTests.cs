using Baton.Configuration;
using Microsoft.Extensions.Configuration;

namespace Baton.Tests.Configuration;

public sealed class BatonSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Build_EnvironmentOverridesDotEnvWhichOverridesSettingsFile()
    {
        File.WriteAllText(Path.Combine(_dir, "baton.json"), """{ "xcom": { "backend": "from-json", "max_inline_size": 10 }, "core": { "parallelism": 3 } }""");
        File.WriteAllText(Path.Combine(_dir, ".env"), "BATON__XCOM__BACKEND=from-dotenv\nBATON__CORE__PARALLELISM=4\nBATON_HOME=/tmp/home-from-dotenv\n");

        var environment = BatonEnvironment.Create(_dir, new Dictionary<string, string> { ["BATON__CORE__PARALLELISM"] = "5" });
        var configuration = BatonSettings.Build(environment);

        Assert.Equal("from-dotenv", configuration["xcom:backend"]);
        Assert.Equal("10", configuration["xcom:max_inline_size"]);
        Assert.Equal("5", configuration["core:parallelism"]);
        Assert.Equal("/tmp/home-from-dotenv", configuration["core:home"]);
        var xcom = configuration.GetSection("xcom").Get<XComOptions>()!;
        Assert.Equal(("from-dotenv", 10L), (xcom.Backend, xcom.MaxInlineSize));
    }

    [Fact]
    public void Paths_ResolveHomeAgainstTheWorkingDirectory()
    {
        var environment = BatonEnvironment.Create(_dir, new Dictionary<string, string>());

        var paths = new BatonPaths(environment, new CoreOptions());

        Assert.Equal(Path.Combine(_dir, ".baton"), paths.Home);
        Assert.Equal(Path.Combine(_dir, ".baton", "baton.db"), paths.DatabaseFile);
    }
}
