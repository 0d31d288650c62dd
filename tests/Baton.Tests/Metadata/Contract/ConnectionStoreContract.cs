using System.Security.Cryptography;
using System.Text;
using Baton.Connections;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do with connections: round trips, secrets encrypted at rest, replace, list, delete.</summary>
public abstract class ConnectionStoreContract : MetadataContract
{
    private static readonly Connection Warehouse = new()
    {
        ConnId = "warehouse", ConnType = "postgres", Description = "The warehouse", Host = "db.example.com", Port = 5432,
        Schema = "analytics", Login = "etl_login_visible", Password = "Pl4in-Pa55word-Marker!",
        Extra = """{"api_token": "Extra-Token-Marker", "retries": 3}""",
    };

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Upsert_ThenGet_RoundTripsEveryField()
    {
        var store = Database.OpenConnectionStore();
        var special = Warehouse with { ConnId = "special.conn-1", Password = "'; DROP TABLE connection; -- 密码🔑", Login = "dömäin\\üser" };

        await store.UpsertAsync(Warehouse, Ct);
        await store.UpsertAsync(special, Ct);

        Assert.Equal(Warehouse, await store.GetAsync("warehouse", Ct));
        Assert.Equal(special, await Database.OpenConnectionStore().GetAsync("special.conn-1", Ct));
    }

    [Fact]
    public async Task Upsert_WithoutSecrets_StoresNulls()
    {
        var store = Database.OpenConnectionStore();
        var plain = new Connection { ConnId = "plain", ConnType = "http" };

        await store.UpsertAsync(plain, Ct);

        Assert.Equal(plain, await store.GetAsync("plain", Ct));
    }

    [Fact]
    public async Task Upsert_PasswordAndExtra_AreNotInTheDatabaseInPlainText()
    {
        await Database.OpenConnectionStore().UpsertAsync(Warehouse, Ct);

        var bytes = await Database.DumpAsync(Ct);

        // The login is stored in plain text: finding it shows the search would find the password if it were there.
        Assert.True(Contains(bytes, "etl_login_visible"));
        Assert.False(Contains(bytes, "Pl4in-Pa55word-Marker!"));
        Assert.False(Contains(bytes, "Extra-Token-Marker"));
        Assert.False(Contains(bytes, "api_token"));
    }

    [Fact]
    public async Task Upsert_Existing_ReplacesEveryField()
    {
        var store = Database.OpenConnectionStore();
        await store.UpsertAsync(Warehouse, Ct);
        var changed = new Connection { ConnId = "warehouse", ConnType = "mysql", Host = "other", Port = 3306 };

        await store.UpsertAsync(changed, Ct);

        Assert.Equal(changed, await store.GetAsync("warehouse", Ct));
        Assert.Single(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task List_ReturnsEveryConnectionOrderedById()
    {
        var store = Database.OpenConnectionStore();
        await store.UpsertAsync(Warehouse with { ConnId = "zeta" }, Ct);
        await store.UpsertAsync(Warehouse with { ConnId = "alpha", Password = "other" }, Ct);
        await store.UpsertAsync(Warehouse with { ConnId = "mid", Password = null, Extra = null }, Ct);

        var connections = await store.ListAsync(Ct);

        Assert.Equal(["alpha", "mid", "zeta"], connections.Select(c => c.ConnId));
        Assert.Equal(["other", null, Warehouse.Password], connections.Select(c => c.Password));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        var store = Database.OpenConnectionStore();
        await store.UpsertAsync(Warehouse, Ct);

        Assert.True(await store.DeleteAsync("warehouse", Ct));
        Assert.False(await store.DeleteAsync("warehouse", Ct));
        Assert.Null(await store.GetAsync("warehouse", Ct));
    }

    [Fact]
    public async Task Get_Missing_ReturnsNull()
    {
        Assert.Null(await Database.OpenConnectionStore().GetAsync("nope", Ct));
    }

    [Fact]
    public async Task Get_WithAnotherKey_ThrowsDecryptionExceptionNamingTheConnection()
    {
        await Database.OpenConnectionStore(NewKey()).UpsertAsync(Warehouse, Ct);

        var error = await Assert.ThrowsAsync<ConnectionDecryptionException>(() => Database.OpenConnectionStore(NewKey()).GetAsync("warehouse", Ct));

        Assert.Equal("warehouse", error.ConnId);
        Assert.Contains("'warehouse'", error.Message, StringComparison.Ordinal);
        Assert.Contains("key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Warehouse.Password!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AfterKeyFileReplaced_ThrowsDecryptionException()
    {
        await Database.OpenConnectionStore().UpsertAsync(Warehouse, Ct);
        File.Delete(Database.KeyFile);

        await Assert.ThrowsAsync<ConnectionDecryptionException>(() => Database.OpenConnectionStore().GetAsync("warehouse", Ct));
    }

    [Theory]
    [InlineData("bad id", "postgres", null)]
    [InlineData("ok", "", null)]
    [InlineData("ok", "postgres", "[1]")]
    public async Task Upsert_MalformedConnection_ThrowsFormatExceptionAndStoresNothing(string connId, string connType, string? extra)
    {
        var store = Database.OpenConnectionStore();

        await Assert.ThrowsAsync<ConnectionFormatException>(() =>
            store.UpsertAsync(new Connection { ConnId = connId, ConnType = connType, Extra = extra }, Ct));

        Assert.Empty(await store.ListAsync(Ct));
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
