using Baton.Connections;

namespace Baton.Tests.Connections;

public sealed class ConnectionUriTests
{
    [Fact]
    public void Parse_FullUri_ReadsEveryPart()
    {
        var connection = ConnectionUri.Parse("warehouse", "postgres://etl_user:s3cret@db.example.com:5432/analytics?sslmode=require&application_name=baton");

        Assert.Equal("warehouse", connection.ConnId);
        Assert.Equal("postgres", connection.ConnType);
        Assert.Equal("etl_user", connection.Login);
        Assert.Equal("s3cret", connection.Password);
        Assert.Equal("db.example.com", connection.Host);
        Assert.Equal(5432, connection.Port);
        Assert.Equal("analytics", connection.Schema);
        Assert.Null(connection.Description);
        Assert.Equal("require", connection.GetExtra("sslmode"));
        Assert.Equal("baton", connection.GetExtra("application_name"));
        Assert.Equal("""{"sslmode":"require","application_name":"baton"}""", connection.Extra);
    }

    [Fact]
    public void Parse_UriWithEncodedPassword_DecodesIt()
    {
        var connection = ConnectionUri.Parse("db", "mysql://admin:p%40ss%3Aw%2Frd%23%3F%26%3D%2B%20%25%C3%A9@host/db");

        Assert.Equal("p@ss:w/rd#?&=+ %é", connection.Password);
        Assert.Equal("admin", connection.Login);
        Assert.Equal("host", connection.Host);
    }

    [Fact]
    public void Parse_PlusSign_IsLiteralInPasswordAndSpaceInQuery()
    {
        var connection = ConnectionUri.Parse("db", "mysql://admin:a+b@host/db?note=a+b%2Bc");

        Assert.Equal("a+b", connection.Password);
        Assert.Equal("a b+c", connection.GetExtra("note"));
    }

    [Fact]
    public void Parse_UnencodedAtInPassword_SplitsAtTheLastAt()
    {
        var connection = ConnectionUri.Parse("db", "mysql://admin:p@ss@host:3306");

        Assert.Equal("p@ss", connection.Password);
        Assert.Equal("host", connection.Host);
        Assert.Equal(3306, connection.Port);
    }

    [Theory]
    [InlineData("google-cloud-platform://?project=p1", "google_cloud_platform")]
    [InlineData("postgresql://host", "postgres")]
    [InlineData("AWS://", "aws")]
    [InlineData("my_custom://host", "my_custom")]
    public void Parse_ConnType_IsNormalizedAsAirflowDoes(string uri, string expected)
    {
        Assert.Equal(expected, ConnectionUri.Parse("c", uri).ConnType);
    }

    [Fact]
    public void Parse_DashedTypeWithoutHost_HasOnlyTypeAndExtra()
    {
        var connection = ConnectionUri.Parse("gcp", "google-cloud-platform://?project=p1&key_path=%2Fsecrets%2Fkey.json");

        Assert.Null(connection.Host);
        Assert.Null(connection.Login);
        Assert.Null(connection.Password);
        Assert.Null(connection.Port);
        Assert.Null(connection.Schema);
        Assert.Equal("/secrets/key.json", connection.GetExtra("key_path"));
    }

    [Fact]
    public void Parse_ExtraQueryParameter_IsTheWholeExtra()
    {
        var extra = Uri.EscapeDataString("""{"retries": 3, "verify": false, "nested": {"region": "eu"}}""");
        var connection = ConnectionUri.Parse("api", $"http://host/?__extra__={extra}");

        Assert.Equal("3", connection.GetExtra("retries"));
        Assert.Equal("false", connection.GetExtra("verify"));
        Assert.Equal("eu", connection.ExtraDictionary()["nested"].GetProperty("region").GetString());
        Assert.Null(connection.Schema);
    }

    [Fact]
    public void Parse_HostWithProtocol_KeepsTheProtocolOnTheHost()
    {
        var connection = ConnectionUri.Parse("api", "http://https://api.example.com:8443/v1");

        Assert.Equal("http", connection.ConnType);
        Assert.Equal("https://api.example.com", connection.Host);
        Assert.Equal(8443, connection.Port);
        Assert.Equal("v1", connection.Schema);
    }

    [Fact]
    public void Parse_BracketedIpv6Host_ReadsHostAndPort()
    {
        var connection = ConnectionUri.Parse("db", "postgres://u:p@[2001:db8::1]:5433/db");

        Assert.Equal("2001:db8::1", connection.Host);
        Assert.Equal(5433, connection.Port);
    }

    [Fact]
    public void Parse_FragmentAndEmptyParts_AreIgnored()
    {
        var connection = ConnectionUri.Parse("c", "ftp://host/#ignored");

        Assert.Equal("host", connection.Host);
        Assert.Null(connection.Schema);
        Assert.Null(connection.Extra);
    }

    [Theory]
    [InlineData("postgres:/host/db", "no '://'")]
    [InlineData("postgres//user:pw@host", "no '://'")]
    [InlineData("://user:pw@host", "connection type")]
    [InlineData("1pg://user:pw@host", "connection type")]
    [InlineData("pg://user:pw@host:54x2/db", "port")]
    [InlineData("pg://user:pw@host:70000/db", "port")]
    [InlineData("pg://user:pw@[::1/db", "']'")]
    [InlineData("pg://user:pw@[::1]x/db", "':port'")]
    [InlineData("pg://host/?__extra__=%5B1%2C2%5D", "JSON object")]
    [InlineData("pg://host/?__extra__=%7Bnot-json", "not valid JSON")]
    public void Parse_MalformedUri_ThrowsFormatExceptionNamingConnId(string uri, string problem)
    {
        var error = Assert.Throws<ConnectionFormatException>(() => ConnectionUri.Parse("my_db", uri));

        Assert.Equal("my_db", error.ConnId);
        Assert.Contains("'my_db'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnencodedSlashInPassword_FailsWithoutEchoingThePassword()
    {
        // The '/' ends the authority early, so what follows "user:" is read as host and port: "s3cr3t" must not be echoed.
        var error = Assert.Throws<ConnectionFormatException>(() => ConnectionUri.Parse("my_db", "postgres://user:s3cr3t/x@host/db"));

        Assert.Contains("port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Parse_InvalidConnId_ThrowsFormatException(string connId)
    {
        var error = Assert.Throws<ConnectionFormatException>(() => ConnectionUri.Parse(connId, "http://host"));

        Assert.Contains($"'{connId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUri_FlatStringExtra_WritesQueryParameters()
    {
        var connection = new Connection
        {
            ConnId = "warehouse", ConnType = "postgres", Host = "db.example.com", Port = 5432, Schema = "analytics",
            Login = "etl user", Password = "p@ss/w:rd", Extra = """{"sslmode": "require", "options": "-c search_path=x"}""",
        };

        Assert.Equal(
            "postgres://etl%20user:p%40ss%2Fw%3Ard@db.example.com:5432/analytics?sslmode=require&options=-c+search_path%3Dx",
            connection.ToUri());
    }

    [Fact]
    public void ToUri_UnderscoreTypeWithoutHost_WritesDashesAndSlashBeforeQuery()
    {
        var connection = new Connection { ConnId = "gcp", ConnType = "google_cloud_platform", Extra = """{"project": "p1"}""" };

        Assert.Equal("google-cloud-platform:///?project=p1", connection.ToUri());
    }

    [Fact]
    public void ToUri_PortWithoutHostOrLogin_WritesItAfterAnEmptyUserPart()
    {
        var connection = new Connection { ConnId = "c", ConnType = "redis", Port = 6379 };

        Assert.Equal("redis://@:6379", connection.ToUri());
        Assert.Equal(connection, ConnectionUri.Parse("c", connection.ToUri()));
    }

    [Fact]
    public void ToUri_NonStringExtra_UsesExtraQueryParameterAndRoundTrips()
    {
        var connection = new Connection
        {
            ConnId = "api", ConnType = "http", Host = "api.example.com",
            Extra = """{"retries":3,"verify":false,"headers":{"X-Token":"a&b=c"}}""",
        };

        var uri = connection.ToUri();

        Assert.StartsWith("http://api.example.com/?__extra__=", uri, StringComparison.Ordinal);
        Assert.Equal(connection, ConnectionUri.Parse("api", uri));
    }

    [Fact]
    public void ToUri_HostWithOtherProtocol_KeepsItReadable()
    {
        var connection = new Connection { ConnId = "api", ConnType = "http", Host = "https://api.example.com", Port = 443 };

        Assert.Equal("http://https://api.example.com:443", connection.ToUri());
        Assert.Equal(connection, ConnectionUri.Parse("api", connection.ToUri()));
    }

    public static TheoryData<string?, string?, string?, string?, int?> SpecialCharacters => new()
    {
        { "user", "p@ss:w/rd#?&=+ %", "db.example.com", "analytics", 5432 },
        { "dömäin\\üser", "密码🔑", "host-1.internal", "schema/with/slashes", null },
        { "a:b@c", "", "/var/run/postgresql", "db name", 1 },
        { null, "only-password", "::1", null, 0 },
        { "only-login", null, null, null, 65535 },
        { "\"quoted\"", "'single' \"double\" `tick` \\back\\ \t tab", "h", "s?x=1&y=2#f", 80 },
    };

    [Theory]
    [MemberData(nameof(SpecialCharacters))]
    public void ToUri_SpecialCharacters_RoundTripsThroughParse(string? login, string? password, string? host, string? schema, int? port)
    {
        var connection = new Connection
        {
            ConnId = "special", ConnType = "postgres", Login = login, Password = password, Host = host, Schema = schema, Port = port,
            Extra = """{"key with space": "välue & more = ?", "path": "/a/b+c"}""",
        };

        var parsed = ConnectionUri.Parse("special", connection.ToUri());

        // Empty parts read back as null.
        Assert.Equal(connection with { Password = string.IsNullOrEmpty(password) ? null : password }, parsed with { Extra = connection.Extra });
        Assert.Equal(connection.ExtraDictionary().Select(e => (e.Key, e.Value.GetString())), parsed.ExtraDictionary().Select(e => (e.Key, e.Value.GetString())));
    }
}
