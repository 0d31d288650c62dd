using Baton.Configuration;

namespace Baton.Tests.Configuration;

/// <summary>What <see cref="SecretText"/> hides, and that it leaves the rest of a message as it was (masking twice changes nothing).</summary>
public sealed class SecretTextTests
{
    [Theory]
    [InlineData("Data Source=/x.db;Password=hunter2;Mode=ReadOnly", "Data Source=/x.db;Password=***;Mode=ReadOnly")]
    [InlineData("Host=h;Pwd='a b;c';Port=5", "Host=h;Pwd=***;Port=5")]
    [InlineData("sets a password (Password=…), but no", "sets a password (Password=***), but no")]
    [InlineData("AccountName=a;AccountKey=k+/=;SharedAccessSignature=sv=1&sig=s;EndpointSuffix=x", "AccountName=a;AccountKey=***;SharedAccessSignature=***;EndpointSuffix=x")]
    [InlineData("open 'https://user:p@ss@host/c?sv=1&sig=abc%2F&se=2' failed", "open 'https://user:***@host/c?sv=1&sig=***&se=2' failed")]
    [InlineData("BATON_CONN_S3://USER:PW@HOST", "BATON_CONN_S3://USER:***@HOST")]
    [InlineData("GET /b/k?X-Amz-Signature=deadbeef&X-Amz-Date=1", "GET /b/k?X-Amz-Signature=***&X-Amz-Date=1")]
    [InlineData("s3://conn_id@bucket/prefix and http://host:8080/path@x", "s3://conn_id@bucket/prefix and http://host:8080/path@x")]
    public void Mask_HidesTheSecretAndKeepsTheRest(string text, string expected)
    {
        Assert.Equal(expected, SecretText.Mask(text));
        Assert.Equal(expected, SecretText.Mask(SecretText.Mask(text)));
    }

    [Fact]
    public void Mask_WithTheConnectionString_HidesItsPasswordWhereverTheTextQuotesIt()
    {
        Assert.Equal("near '***': syntax error", SecretText.Mask("near 'hunter2': syntax error", "Data Source=x;Password=\"hunter2\""));
    }

    [Theory]
    [InlineData("encryption_key", true)]
    [InlineData("api_token", true)]
    [InlineData("password", true)]
    [InlineData("client_secret", true)]
    [InlineData("key", true)]
    [InlineData("threshold", false)]
    [InlineData("connection_string", false)]
    [InlineData("keyring_path", false)]
    public void IsSecretKey_NamesKeysThatHoldASecretWhole(string key, bool secret) => Assert.Equal(secret, SecretText.IsSecretKey(key));
}
