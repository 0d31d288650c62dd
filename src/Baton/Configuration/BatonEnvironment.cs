namespace Baton.Configuration;

/// <summary>
/// Where Baton runs: the working directory and the environment variables it reads, with the working directory's
/// <c>.env</c> file underneath the real environment (a variable set in the shell wins over the same one in <c>.env</c>).
/// </summary>
public sealed class BatonEnvironment
{
    /// <summary>The name of the variables file read from the working directory.</summary>
    public const string DotEnvFileName = ".env";

    private readonly Dictionary<string, string> _variables;
    private readonly HashSet<string> _fromDotEnv;

    private BatonEnvironment(string workingDirectory, Dictionary<string, string> variables, HashSet<string> fromDotEnv)
    {
        WorkingDirectory = workingDirectory;
        _variables = variables;
        _fromDotEnv = fromDotEnv;
    }

    /// <summary>The directory relative paths are resolved against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Every variable, <c>.env</c> entries included.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>Returns a variable's value, or null.</summary>
    public string? Get(string name) => _variables.GetValueOrDefault(name);

    /// <summary>Whether the variable's value comes from the <c>.env</c> file (and not from the real environment).</summary>
    public bool IsFromDotEnvFile(string name) => _fromDotEnv.Contains(name);

    /// <summary>The process's environment and current directory.</summary>
    /// <exception cref="BatonConfigurationException">The <c>.env</c> file cannot be read or parsed.</exception>
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
    /// <exception cref="BatonConfigurationException">The <c>.env</c> file cannot be read or parsed.</exception>
    public static BatonEnvironment Create(string workingDirectory, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var directory = Path.GetFullPath(workingDirectory);
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromDotEnv = new HashSet<string>(StringComparer.Ordinal);
        var dotEnv = Path.Combine(directory, DotEnvFileName);
        if (File.Exists(dotEnv))
        {
            foreach (var (key, value) in LoadDotEnv(dotEnv))
            {
                merged[key] = value;
                fromDotEnv.Add(key);
            }
        }

        foreach (var (key, value) in variables)
        {
            merged[key] = value;
            fromDotEnv.Remove(key);
        }

        return new BatonEnvironment(directory, merged, fromDotEnv);
    }

    private static List<KeyValuePair<string, string>> LoadDotEnv(string path)
    {
        try
        {
            return DotNetEnv.Env.NoEnvVars().NoClobber().Load(path).ToList();
        }
        catch (Sprache.ParseException e)
        {
            // The parser's message ends with the text it consumed last, which may hold a secret: keep only what it expected.
            var reason = e.Message.Split(" (Line ", 2)[0].Replace("Parsing failure: ", "", StringComparison.Ordinal);
            var where = e.Position is { } position ? $" at line {position.Line}, column {position.Column}" : "";
            throw new BatonConfigurationException(
                $"{DotEnvFileName} ('{path}') cannot be parsed{where}: {reason}. Each line must be KEY=value or a # comment; check for an unclosed quote.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatonConfigurationException($"{DotEnvFileName} ('{path}') cannot be read: {e.Message}", e);
        }
    }
}
