using System.Reflection;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// Baton's packages and the project template, packed once for a test class by <c>scripts/pack.sh</c> at a version of
/// their own (NuGet caches a package by id and version, so a version is never reused with other content), and the
/// template installed into a private template hive. Everything lives in a temporary directory outside the repository;
/// the packages NuGet extracted for that version are removed from the global packages folder at the end.
/// </summary>
public sealed class TemplatePackages : IAsyncLifetime
{
    /// <summary>The package ids scripts/pack.sh writes.</summary>
    public static readonly string[] Ids =
        ["Baton", "Baton.Hosting", "Baton.Web", "Baton.Storage.S3", "Baton.Storage.Gcs", "Baton.Storage.Azure", "Baton.DataFrames", "Baton.Templates"];

    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("baton-template-").FullName;

    /// <summary>The packages' version: the repository's VersionPrefix with a suffix of this run.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string PackageSource => Path.Combine(_root, "packages");

    /// <summary>The template hive <c>dotnet new</c> uses (<c>--debug:custom-hive</c>), so the user's own template list is untouched.</summary>
    public string Hive => Path.Combine(_root, "hive");

    /// <summary>A directory for the generated projects.</summary>
    public string Work => Path.Combine(_root, "work");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Work);
        var props = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "Directory.Build.props"), ct);
        var prefix = System.Text.RegularExpressions.Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Version = $"{prefix}-test-{Guid.NewGuid():N}";

        // The libraries as the test run built them (same configuration), so packing compiles nothing again.
        var configuration = typeof(TemplatePackages).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var pack = await ChildProcess.RunAsync("bash",
            [Path.Combine(RepositoryRoot, "scripts", "pack.sh"), "--version", Version, "--output", PackageSource, "--configuration", configuration, "--no-build"],
            RepositoryRoot, null, CommandLimit, ct);
        Assert.True(pack.ExitCode == 0, "scripts/pack.sh failed: " + pack);

        var install = await ChildProcess.DotnetAsync(_root, CommandLimit, ct,
            "new", "install", Path.Combine(PackageSource, $"Baton.Templates.{Version}.nupkg"), "--debug:custom-hive", Hive);
        Assert.True(install.ExitCode == 0, "dotnet new install failed: " + install);
    }

    /// <summary>Runs <c>dotnet new baton -n NAME OPTIONS --package-source …</c> in a directory of its own.</summary>
    internal Task<GeneratedProject> CreateProjectAsync(string name, params string[] options) =>
        CreateProjectInAsync(Path.Combine(Work, name), name, options);

    /// <summary>Runs <c>dotnet new baton -n NAME OPTIONS --package-source …</c> into <paramref name="directory"/>.</summary>
    internal async Task<GeneratedProject> CreateProjectInAsync(string directory, string name, params string[] options)
    {
        var created = await ChildProcess.DotnetAsync(Work, CommandLimit, TestContext.Current.CancellationToken,
            ["new", "baton", "-n", name, "-o", directory, "--package-source", PackageSource, "--debug:custom-hive", Hive, .. options]);
        Assert.True(created.ExitCode == 0, "dotnet new baton failed: " + created);
        return new GeneratedProject(name, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        if (Version.Length == 0)
        {
            return;
        }

        // The packages restored at this run's version were extracted into the global packages folder by the restores above.
        var locals = await ChildProcess.DotnetAsync(Path.GetTempPath(), CommandLimit, CancellationToken.None, "nuget", "locals", "global-packages", "--list");
        var folder = locals.Output.Split(':', 2) is [_, var path] ? path.Trim() : "";
        foreach (var id in Ids)
        {
            var extracted = Path.Combine(folder, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (folder.Length > 0 && Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Baton.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Baton.slnx above {AppContext.BaseDirectory}: the template tests pack the repository they run from");
    }
}
