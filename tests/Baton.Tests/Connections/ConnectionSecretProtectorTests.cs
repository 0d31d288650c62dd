using Baton.Configuration;
using Baton.Connections;

namespace Baton.Tests.Connections;

public sealed class ConnectionSecretProtectorTests : IAsyncLifetime
{
    private ConnectionTestHome _home = null!;

    public async ValueTask InitializeAsync() => _home = await ConnectionTestHome.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _home.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Protect_ThenUnprotect_ReturnsTheText()
    {
        var protector = _home.Protector(ConnectionTestHome.NewKey());

        var blob = protector.Protect("db", "password", "p@ss 密码");

        Assert.Equal("p@ss 密码", protector.Unprotect("db", "password", blob));
        Assert.Null(protector.Protect("db", "password", null));
        Assert.Null(protector.Unprotect("db", "password", null));
    }

    [Fact]
    public void Protect_WritesVersionNonceTagAndCiphertext_WithAFreshNoncePerValue()
    {
        var protector = _home.Protector(ConnectionTestHome.NewKey());

        var first = protector.Protect("db", "password", "same secret")!;
        var second = protector.Protect("db", "password", "same secret")!;

        Assert.Equal(1 + 12 + 16 + "same secret".Length, first.Length);
        Assert.Equal(1, first[0]);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void KeyFile_IsCreatedOnFirstUseWithOwnerOnlyMode()
    {
        var protector = _home.Protector();
        Assert.False(File.Exists(_home.Paths.EncryptionKeyFile));

        protector.Protect("db", "password", "secret");

        Assert.True(File.Exists(_home.Paths.EncryptionKeyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(_home.Paths.EncryptionKeyFile).Trim()).Length);
        Assert.Equal([Path.GetFileName(_home.Paths.EncryptionKeyFile)], Directory.GetFiles(_home.Paths.Home).Select(Path.GetFileName));
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.Paths.EncryptionKeyFile));
        }
    }

    [Fact]
    public void KeyFile_Existing_IsReusedByTheNextProcess()
    {
        var blob = _home.Protector().Protect("db", "password", "secret");
        var keyText = File.ReadAllText(_home.Paths.EncryptionKeyFile);

        Assert.Equal("secret", _home.Protector().Unprotect("db", "password", blob));
        Assert.Equal(keyText, File.ReadAllText(_home.Paths.EncryptionKeyFile));
    }

    [Fact]
    public async Task KeyFile_CreatedConcurrently_EveryProtectorUsesTheSameKey()
    {
        var protectors = Enumerable.Range(0, 16).Select(_ => _home.Protector()).ToList();
        using var start = new ManualResetEventSlim();

        var tasks = protectors.Select((p, i) => Task.Run(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return p.Protect("db", "password", $"secret {i}");
        }, TestContext.Current.CancellationToken)).ToList();
        start.Set();
        var blobs = await Task.WhenAll(tasks);
        var fresh = _home.Protector();

        for (var i = 0; i < blobs.Length; i++)
        {
            Assert.Equal($"secret {i}", fresh.Unprotect("db", "password", blobs[i]));
        }

        Assert.Single(Directory.GetFiles(_home.Paths.Home));
    }

    [Fact]
    public void ConfiguredKey_IsUsedAndNoKeyFileIsCreated()
    {
        var key = ConnectionTestHome.NewKey();
        var blob = _home.Protector(key).Protect("db", "password", "secret");

        Assert.Equal("secret", _home.Protector(key).Unprotect("db", "password", blob));
        Assert.False(File.Exists(_home.Paths.EncryptionKeyFile));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQta2V5LW9mLTE2Yg==")] // 16 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 64 bytes
    public void ConfiguredKey_Invalid_ThrowsConfigurationExceptionNamingTheSetting(string key)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => _home.Protector(key));

        Assert.Contains("BATON__SECURITY__ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_Corrupt_ThrowsConfigurationExceptionNamingTheFile()
    {
        Directory.CreateDirectory(_home.Paths.Home);
        File.WriteAllText(_home.Paths.EncryptionKeyFile, "garbage");

        var error = Assert.Throws<BatonConfigurationException>(() => _home.Protector().Protect("db", "password", "secret"));

        Assert.Contains(_home.Paths.EncryptionKeyFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_WithAnotherKey_ThrowsDecryptionExceptionSayingTheKeyMayHaveChanged()
    {
        var blob = _home.Protector(ConnectionTestHome.NewKey()).Protect("my_db", "password", "secret");

        var error = Assert.Throws<ConnectionDecryptionException>(() => _home.Protector(ConnectionTestHome.NewKey()).Unprotect("my_db", "password", blob));

        Assert.Equal("my_db", error.ConnId);
        Assert.Contains("'my_db'", error.Message, StringComparison.Ordinal);
        Assert.Contains("key", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)] // version
    [InlineData(5)] // nonce
    [InlineData(20)] // tag
    [InlineData(30)] // ciphertext
    public void Unprotect_TamperedValue_ThrowsDecryptionException(int index)
    {
        var protector = _home.Protector(ConnectionTestHome.NewKey());
        var blob = protector.Protect("db", "password", "secret")!;
        blob[index] ^= 0x01;

        var error = Assert.Throws<ConnectionDecryptionException>(() => protector.Unprotect("db", "password", blob));

        Assert.Equal("db", error.ConnId);
    }

    [Fact]
    public void Unprotect_ValueOfAnotherConnectionOrField_ThrowsDecryptionException()
    {
        var protector = _home.Protector(ConnectionTestHome.NewKey());
        var blob = protector.Protect("db", "password", "secret");

        Assert.Throws<ConnectionDecryptionException>(() => protector.Unprotect("other_db", "password", blob));
        Assert.Throws<ConnectionDecryptionException>(() => protector.Unprotect("db", "extra", blob));
    }

    [Fact]
    public void Unprotect_TruncatedValue_ThrowsDecryptionException()
    {
        var protector = _home.Protector(ConnectionTestHome.NewKey());

        Assert.Throws<ConnectionDecryptionException>(() => protector.Unprotect("db", "password", [1, 2, 3]));
    }
}
