using Baton.Connections;

namespace Baton.Tests.Connections;

public sealed class ConnectionJsonTests
{
    [Fact]
    public void Parse_AirflowJson_ReadsEveryField()
    {
        var connection = ConnectionJson.Parse("warehouse", """
            {
              "conn_type": "postgres", "description": "The warehouse", "host": "db.example.com", "login": "etl",
              "password": "s3cret", "schema": "analytics", "port": 5432, "extra": {"sslmode": "require", "keepalives": 1}
            }
            """);

        Assert.Equal("warehouse", connection.ConnId);
        Assert.Equal("postgres", connection.ConnType);
        Assert.Equal("The warehouse", connection.Description);
        Assert.Equal("db.example.com", connection.Host);
        Assert.Equal("etl", connection.Login);
        Assert.Equal("s3cret", connection.Password);
        Assert.Equal("analytics", connection.Schema);
        Assert.Equal(5432, connection.Port);
        Assert.Equal("require", connection.GetExtra("sslmode"));
        Assert.Equal("1", connection.GetExtra("keepalives"));
    }

    [Fact]
    public void Parse_ExtraAsStringAndPortAsString_AreAccepted()
    {
        var connection = ConnectionJson.Parse("c", """{"conn_type": "google-cloud-platform", "port": "8080", "extra": "{\"project\": \"p1\"}", "conn_id": "ignored"}""");

        Assert.Equal("google_cloud_platform", connection.ConnType);
        Assert.Equal(8080, connection.Port);
        Assert.Equal("p1", connection.GetExtra("project"));
        Assert.Equal("c", connection.ConnId);
    }

    [Fact]
    public void Parse_NullsAndEmptyStrings_AreNull()
    {
        var connection = ConnectionJson.Parse("c", """{"conn_type": "http", "host": "", "login": null, "port": null, "extra": null}""");

        Assert.Equal(new Connection { ConnId = "c", ConnType = "http" }, connection);
    }

    [Fact]
    public void ToJson_LeavesOutNullFieldsAndWritesExtraAsObject()
    {
        var connection = new Connection
        {
            ConnId = "warehouse", ConnType = "postgres", Host = "db", Port = 5432, Password = "p\"w\\+&<é>",
            Extra = """{ "sslmode": "require", "keepalives": 1 }""",
        };

        Assert.Equal(
            """{"conn_type":"postgres","host":"db","password":"p\"w\\+&<é>","port":5432,"extra":{"sslmode":"require","keepalives":1}}""",
            connection.ToJson());
    }

    [Fact]
    public void ToJson_SpecialCharacters_RoundTripsThroughParse()
    {
        var connection = new Connection
        {
            ConnId = "special", ConnType = "mssql", Description = "line 1\nline 2", Host = "sql\\instance", Login = "dömäin\\üser",
            Password = "'single' \"double\" 密码🔑 \t {brace} [bracket]", Schema = "db/name", Port = 1433,
            Extra = """{"nested":{"list":[1,"two",null,true]},"quote":"\"x\""}""",
        };

        var parsed = ConnectionJson.Parse("special", connection.ToJson());

        Assert.Equal(connection, parsed);
    }

    [Fact]
    public void Parse_DetectsJsonByLeadingBrace()
    {
        Assert.Equal("json_host", Connection.Parse("c", """  {"conn_type": "http", "host": "json_host"}""").Host);
        Assert.Equal("uri_host", Connection.Parse("c", "http://uri_host").Host);
    }

    [Theory]
    [InlineData("""{"conn_type": "x", "password": s3cr3t}""", "not valid JSON")]
    [InlineData("""{"conn_type": "x", "password": "s3cr3t" """, "not valid JSON")]
    [InlineData("""["s3cr3t"]""", "array, not an object")]
    [InlineData("""{"host": "h", "password": "s3cr3t"}""", "no \"conn_type\"")]
    [InlineData("""{"conn_type": "x", "password": "s3cr3t", "passwd": "s3cr3t"}""", "unknown key 'passwd'")]
    [InlineData("""{"conn_type": "x", "password": 123456}""", "\"password\" is a JSON number")]
    [InlineData("""{"conn_type": "x", "port": "s3cr3t"}""", "\"port\"")]
    [InlineData("""{"conn_type": "x", "port": 70000}""", "\"port\"")]
    [InlineData("""{"conn_type": "x", "port": 54.5}""", "\"port\"")]
    [InlineData("""{"conn_type": "x", "extra": ["s3cr3t"]}""", "\"extra\" is a JSON array")]
    [InlineData("""{"conn_type": "x", "extra": "{\"token\": s3cr3t}"}""", "not valid JSON")]
    public void Parse_MalformedJson_ThrowsFormatExceptionNamingConnIdWithoutSecrets(string json, string problem)
    {
        var error = Assert.Throws<ConnectionFormatException>(() => ConnectionJson.Parse("my_db", json));

        Assert.Equal("my_db", error.ConnId);
        Assert.Contains("'my_db'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }
}
