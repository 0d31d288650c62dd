namespace Baton.Configuration;

/// <summary>
/// Where Baton runs: the working directory and the environment variables it reads, with the working directory's
/// <c>.env</c> file underneath the real environment (a variable set in the shell wins over the same one in <c>.env</c>).
/// </summary>
public sealed class BatonEnvironment
{
    private readonly Dictionary<string, string> _variables;

    private BatonEnvironment(string workingDirectory, Dictionary<string, string> variables)
    {
        WorkingDirectory = workingDirectory;
        _variables = variables;
    }

    /// <summary>The directory relative paths are resolved against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Every variable, <c>.env</c> entries included.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>Returns a variable's value, or null.</summary>
    public string? Get(string name) => _variables.GetValueOrDefault(name);

    /// <summary>The process's environment and current directory.</summary>
    public static BatonEnvironment FromProcess(string? workingDirectory = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return Create(workingDirectory ?? Directory.GetCurrentDirectory(), variables);
    }

    /// <summary>An environment made of the given variables over the <c>.env</c> file of <paramref name="workingDirectory"/>.</summary>
    public static BatonEnvironment Create(string workingDirectory, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var directory = Path.GetFullPath(workingDirectory);
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var dotEnv = Path.Combine(directory, ".env");
        if (File.Exists(dotEnv))
        {
            foreach (var (key, value) in DotNetEnv.Env.NoEnvVars().NoClobber().Load(dotEnv))
            {
                merged[key] = value;
            }
        }

        foreach (var (key, value) in variables)
        {
            merged[key] = value;
        }

        return new BatonEnvironment(directory, merged);
    }
}
