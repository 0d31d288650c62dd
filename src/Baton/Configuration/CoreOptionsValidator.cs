using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks the <c>core</c> settings, reporting every problem at once with the setting's name as the user wrote it.</summary>
internal sealed class CoreOptionsValidator(BatonEnvironment environment, BatonSettingNames? names = null) : IValidateOptions<CoreOptions>
{
    /// <summary>The most task instances one process may run at once; each holds a thread and a log file.</summary>
    internal const int MaxParallelism = 10_000;

    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, CoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Parallelism is < 1 or > MaxParallelism)
        {
            problems.Add($"{_names.Of("core", "parallelism")} must be between 1 and {MaxParallelism}, not {options.Parallelism}");
        }

        if (string.IsNullOrWhiteSpace(options.Home))
        {
            problems.Add($"{_names.Of("core", "home")} must not be empty");
        }
        else if (HomeProblem(options.Home) is { } problem)
        {
            problems.Add($"{_names.Of("core", "home")}='{options.Home}' {problem}");
        }

        return OptionsProblems.Result(problems);
    }

    /// <summary>Why the home directory cannot be used or created, or null.</summary>
    private string? HomeProblem(string home)
    {
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(environment.WorkingDirectory, home));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"is not a usable path: {e.Message}";
        }

        for (var path = full; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                return path == full
                    ? $"names a file ('{full}'), not a directory; BATON_HOME is the directory for the metadata database, logs and the encryption key"
                    : $"cannot be created: '{path}' is a file, not a directory";
            }

            if (Directory.Exists(path))
            {
                return null;
            }
        }

        return null;
    }
}
