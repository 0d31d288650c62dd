using Baton.Connections;

namespace Baton.Tests.Connections;

public sealed class ConnectionTests
{
    private static readonly Connection Sample = new()
    {
        ConnId = "warehouse", ConnType = "postgres", Description = "DWH", Host = "db.example.com", Port = 5432,
        Schema = "analytics", Login = "etl", Password = "hunter2-secret", Extra = """{"api_token": "tok-98765", "retries": 3}""",
    };

    [Fact]
    public void ToString_MasksPasswordAndExtra()
    {
        var text = Sample.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-98765", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_token", text, StringComparison.Ordinal);
        Assert.Equal(
            "Connection { ConnId = warehouse, ConnType = postgres, Description = DWH, Host = db.example.com, Schema = analytics, " +
            "Login = etl, Password = ***, Port = 5432, Extra = *** }",
            text);
    }

    [Fact]
    public void ToString_WithoutSecrets_LeavesThemOut()
    {
        var text = new Connection { ConnId = "c", ConnType = "http", Host = "h" }.ToString();

        Assert.Equal("Connection { ConnId = c, ConnType = http, Host = h }", text);
    }

    [Fact]
    public void ToString_OfEntryAndInterpolation_MasksSecrets()
    {
        var entry = new ConnectionEntry(Sample, ConnectionEntry.DatabaseSource);

        Assert.DoesNotContain("hunter2-secret", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", $"{Sample}", StringComparison.Ordinal);
        Assert.Contains("Source = database", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetExtra_ReadsStringsAsValuesAndOthersAsJsonText()
    {
        var connection = Sample with { Extra = """{"s": "text", "n": 3, "b": true, "o": {"a": 1}, "z": null}""" };

        Assert.Equal("text", connection.GetExtra("s"));
        Assert.Equal("3", connection.GetExtra("n"));
        Assert.Equal("true", connection.GetExtra("b"));
        Assert.Equal("""{"a": 1}""", connection.GetExtra("o"));
        Assert.Null(connection.GetExtra("z"));
        Assert.Null(connection.GetExtra("missing"));
        Assert.Equal(["s", "n", "b", "o", "z"], connection.ExtraDictionary().Keys);
    }

    [Fact]
    public void ExtraDictionary_WithoutExtra_IsEmpty()
    {
        Assert.Empty((Sample with { Extra = null }).ExtraDictionary());
        Assert.Empty((Sample with { Extra = "  " }).ExtraDictionary());
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"token\": secret-value")]
    public void ExtraDictionary_NotAJsonObject_ThrowsFormatExceptionNamingConnId(string extra)
    {
        var error = Assert.Throws<ConnectionFormatException>(() => (Sample with { Extra = extra }).GetExtra("token"));

        Assert.Equal("warehouse", error.ConnId);
        Assert.Contains("'warehouse'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }
}
