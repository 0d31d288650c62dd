using Baton.Configuration;
using Microsoft.Data.Sqlite;

namespace Baton.Hosting.Tests.Support;

/// <summary>Runs Baton's command line in-process against a temporary BATON_HOME, capturing what it prints.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly Dictionary<string, string> _variables;
    private readonly System.Reflection.Assembly _dagAssembly;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _configureServices;

    public CliRunner(IReadOnlyDictionary<string, string>? variables = null, System.Reflection.Assembly? dagAssembly = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _dagAssembly = dagAssembly ?? typeof(CliRunner).Assembly;
        Home = Directory.CreateTempSubdirectory("baton-cli-").FullName;
        _variables = new Dictionary<string, string>(variables ?? new Dictionary<string, string>()) { ["BATON_HOME"] = Path.Combine(Home, ".baton") };
    }

    public string Home { get; }

    public string BatonHome => _variables["BATON_HOME"];

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraVariables = null, string? input = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string>(_variables);
        foreach (var (key, value) in extraVariables ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var options = new BatonAppOptions { Environment = BatonEnvironment.Create(Home, variables), Output = output, Error = error, Input = new StringReader(input ?? ""), ConfigureServices = _configureServices };
        options.DagAssemblies.Add(_dagAssembly);
        var code = await BatonApp.RunAsync(args, options, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Home, recursive: true);
    }
}

/// <summary>An exit code and what was printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
