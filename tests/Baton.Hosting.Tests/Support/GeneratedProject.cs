namespace Baton.Hosting.Tests.Support;

/// <summary>A project <c>dotnet new baton</c> created outside the repository: build it, run its app, read and edit its files.</summary>
internal sealed class GeneratedProject(string name, string directory)
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    public string Name { get; } = name;

    public string Directory { get; } = directory;

    /// <summary>The app's dll once built (Debug).</summary>
    public string AppDll => Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll");

    public string ReadFile(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public void WriteFile(string relativePath, string text) => File.WriteAllText(Path.Combine(Directory, relativePath), text);

    /// <summary>
    /// <c>dotnet build</c> of the app (or of <paramref name="project"/>) with warnings as errors, so a dependency resolved
    /// to another version than an assembly was built against (MSB3277) fails it. No build servers: none outlives the test.
    /// </summary>
    public Task<AppResult> BuildAsync(CancellationToken cancellationToken, string? project = null) =>
        ChildProcess.DotnetAsync(Directory, BuildLimit, cancellationToken,
            "build", project ?? Name + ".csproj", "-warnaserror", "--disable-build-servers", "--nologo", "-v", "minimal");

    /// <summary>Starts the built app with <paramref name="args"/> in the project directory (a server: read its output as it runs, stop it with a signal).</summary>
    public TestAppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        TestAppProcess.StartApp(AppDll, Directory, environment, args);

    /// <summary>Runs the built app with <paramref name="args"/> in the project directory (where its .env is), as <c>dotnet run -- ARGS</c> would.</summary>
    public Task<AppResult> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args) =>
        ChildProcess.RunAsync(ChildProcess.Dotnet, [AppDll, .. args], Directory, environment, RunLimit, cancellationToken);
}
