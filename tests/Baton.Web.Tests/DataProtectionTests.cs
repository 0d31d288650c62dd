using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests;

/// <summary>
/// AddWebServer() keeps the data protection keys (the session cookie's, antiforgery's) in BATON_HOME/keys, a directory
/// only its owner opens, unless the app chose a key repository of its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataProtectionTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Keys_AreKeptInTheHome_ReadableByTheOwnerOnly()
    {
        await using var host = new WebTestHost();
        var protector = host.Get<IDataProtectionProvider>().CreateProtector("tests");
        var secret = protector.Protect("value");

        var keys = Path.Combine(host.Root, "home", "keys");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(keys));
        var key = Assert.Single(Directory.EnumerateFiles(keys, "key-*.xml"));
        Assert.Contains("<key id=", await File.ReadAllTextAsync(key, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("value", protector.Unprotect(secret));
    }

    [Fact]
    public async Task AnAppsOwnKeyRepository_IsKept()
    {
        await using var host = new WebTestHost();
        var own = Path.Combine(host.Root, "app-keys");
        await using var app = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(own))));

        _ = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Protect("value");

        Assert.Single(Directory.EnumerateFiles(own, "key-*.xml"));
        Assert.False(Directory.Exists(Path.Combine(host.Root, "home", "keys")));
    }
}
