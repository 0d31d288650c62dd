using Baton.Configuration;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Auth;

/// <summary>
/// Where the web server keeps the keys that sign and encrypt its session cookie and antiforgery tokens:
/// <c>BATON_HOME/keys</c> (a directory only its owner may open), so a login survives a restart and is accepted by every
/// server on the same home (<c>webserver</c>, <c>standalone</c>). An app that chose a key repository of its own
/// (<c>PersistKeysToFileSystem</c>, a database, a vault) keeps it.
/// </summary>
internal static class DataProtectionKeys
{
    /// <summary>The key ring's directory under the home.</summary>
    public static string Directory(BatonPaths paths) => Path.Combine(paths.Home, "keys");

    public static IServiceCollection Add(IServiceCollection services)
    {
        services.AddDataProtection();
        // Post-configured so that a repository the app sets, before or after AddWebServer(), wins.
        services.AddOptions<KeyManagementOptions>().PostConfigure<BatonEngine, ILoggerFactory>((options, engine, loggers) =>
        {
            if (options.XmlRepository is null)
            {
                options.XmlRepository = new FileSystemXmlRepository(Create(Directory(engine.Get<BatonPaths>())), loggers);
            }
        });
        return services;
    }

    /// <summary>Creates the directory readable by its owner only (0700); one that exists is left as it is.</summary>
    private static DirectoryInfo Create(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return new DirectoryInfo(path);
        }

        if (OperatingSystem.IsWindows())
        {
            return System.IO.Directory.CreateDirectory(path);
        }

        var created = System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The create mode is filtered by the umask; set it outright so the mode is exactly 0700.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return created;
    }
}
