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

    [Fact]
    public void Environment_WithAMalformedDotEnv_FailsNamingTheFileAndLineWithoutQuotingIt()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "BATON__XCOM__BACKEND=database\nSECRET=\"s3cr3t-value\nOTHER=1\n");

        var error = Assert.Throws<BatonConfigurationException>(() => BatonEnvironment.Create(_dir, new Dictionary<string, string>()));

        Assert.StartsWith($".env ('{Path.Combine(_dir, ".env")}') cannot be parsed at line 2, column 1: unexpected 'S'; expected end of input.", error.Message);
        Assert.DoesNotContain("s3cr3t", error.ToString());
    }

    [Theory]
    [InlineData("{ \"xcom\": ", "is not valid JSON at line 1, byte 11")]
    [InlineData("[1, 2]", "is not a settings file: Top-level JSON element must be an object. Instead, 'Array' was found.")]
    public void Build_WithAMalformedSettingsFile_FailsNamingTheFile(string content, string expected)
    {
        var file = Path.Combine(_dir, "baton.json");
        File.WriteAllText(file, content);

        var error = Assert.Throws<BatonConfigurationException>(() => BatonSettings.Build(BatonEnvironment.Create(_dir, new Dictionary<string, string>())));

        Assert.StartsWith($"baton.json ('{file}') {expected}", error.Message);
    }

    [Fact]
    public void SettingNames_NameEachSettingWhereTheUserWroteIt()
    {
        File.WriteAllText(Path.Combine(_dir, "baton.json"), """{ "XCom": { "Path": "relative", "compression": "lz4" }, "core": { "parallelism": 3 } }""");
        File.WriteAllText(Path.Combine(_dir, ".env"), "BATON__XCOM__COMPRESSION=zstd\nBATON__CORE__PARALLELISM=4\n");
        var environment = BatonEnvironment.Create(_dir, new Dictionary<string, string> { ["BATON__CORE__PARALLELISM"] = "5", ["BATON_HOME"] = "home" });

        var names = new BatonSettingNames(BatonSettings.Build(environment));

        Assert.Equal("XCom.Path in baton.json", names.Of("xcom", "path"));
        Assert.Equal("BATON__XCOM__COMPRESSION in .env", names.Of("xcom", "compression"));
        Assert.Equal("BATON__CORE__PARALLELISM", names.Of("core", "parallelism"));
        Assert.Equal("BATON_HOME", names.Of("core", "home"));
        Assert.Equal("BATON__XCOM__THRESHOLD", names.Of("xcom", "threshold"));
    }
}
