namespace Baton.Configuration;

/// <summary>The files and directories under <c>BATON_HOME</c>.</summary>
public sealed class BatonPaths
{
    /// <summary>Resolves the home directory of <paramref name="options"/> against the environment's working directory.</summary>
    public BatonPaths(BatonEnvironment environment, CoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        Home = Path.GetFullPath(Path.Combine(environment.WorkingDirectory, options.Home));
    }

    /// <summary>The home directory, absolute.</summary>
    public string Home { get; }

    /// <summary>The default SQLite metadata database.</summary>
    public string DatabaseFile => Path.Combine(Home, "baton.db");

    /// <summary>The root of task logs.</summary>
    public string LogsDirectory => Path.Combine(Home, "logs");

    /// <summary>The generated key that encrypts connection secrets, when none is configured.</summary>
    public string EncryptionKeyFile => Path.Combine(Home, "encryption.key");
}
