using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

public sealed class ConnectionsCommandTests : IDisposable
{
    private const string Secret = "s3cr3t/p@ss";
    private readonly CliRunner _cli = new(new Dictionary<string, string>
    {
        ["BATON_CONN_FROM_ENV"] = "postgres://env_user:env-password@db.example:5432/warehouse",
        ["BATON_CONN_JSON_ENV"] = """{"conn_type": "aws", "login": "AKIA", "password": "json-secret", "extra": {"region_name": "eu-west-1"}}""",
    });

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AddGetListDelete_StoreConnectionsAndNeverPrintSecrets()
    {
        var add = await _cli.RunAsync("connections", "add", "s3_xcom_backend_conn", "--conn-type", "aws", "--conn-login", "AKIAEXAMPLE",
            "--conn-password", Secret, "--conn-extra", """{"region_name": "us-east-1", "endpoint_url": "http://127.0.0.1:4568"}""");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Successfully added `conn_id`=s3_xcom_backend_conn : aws", add.Output);

        var get = await _cli.RunAsync("connections", "get", "s3_xcom_backend_conn");
        Assert.Equal(0, get.ExitCode);
        Assert.Matches(@"s3_xcom_backend_conn \| aws\s+\|.*\| AKIAEXAMPLE \| \*\*\*\s+\| \*\*\*", get.Output);
        Assert.DoesNotContain(Secret, get.Output + get.Error);
        Assert.DoesNotContain("us-east-1", get.Output);

        var list = await _cli.RunAsync("connections", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"s3_xcom_backend_conn \|.*\| database", list.Output);
        Assert.Matches(@"from_env\s+\| postgres\s+\| db.example \| 5432 \| warehouse \| env_user\s+\| \*\*\*\s+\| env", list.Output);
        Assert.DoesNotContain("env-password", list.Output);
        Assert.DoesNotContain("json-secret", list.Output);

        var databaseBytes = await File.ReadAllBytesAsync(Path.Combine(_cli.BatonHome, "baton.db"), TestContext.Current.CancellationToken);
        var walPath = Path.Combine(_cli.BatonHome, "baton.db-wal");
        var walBytes = File.Exists(walPath) ? await File.ReadAllBytesAsync(walPath, TestContext.Current.CancellationToken) : [];
        Assert.DoesNotContain(Secret, System.Text.Encoding.UTF8.GetString([.. databaseBytes, .. walBytes]));

        var delete = await _cli.RunAsync("connections", "delete", "s3_xcom_backend_conn");
        Assert.Equal(0, delete.ExitCode);
        var gone = await _cli.RunAsync("connections", "get", "s3_xcom_backend_conn");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("s3_xcom_backend_conn", gone.Error);
    }

    [Fact]
    public async Task Get_ReadsEnvironmentConnectionsAsUriOrJson()
    {
        var uri = await _cli.RunAsync("connections", "get", "from_env");
        Assert.Equal(0, uri.ExitCode);
        Assert.Matches(@"from_env\s+\| postgres\s+\| db.example \| 5432 \| warehouse \| env_user \| \*\*\*", uri.Output);

        var json = await _cli.RunAsync("connections", "get", "json_env");
        Assert.Equal(0, json.ExitCode);
        Assert.Matches(@"json_env\s+\| aws\s+\|.*\| AKIA\s+\| \*\*\*\s+\| \*\*\*", json.Output);
        Assert.DoesNotContain("json-secret", json.Output);
    }

    [Fact]
    public async Task AddWithUri_RoundTripsThroughTheDatabase()
    {
        var add = await _cli.RunAsync("connections", "add", "uri_conn", "--conn-uri", "wasb://account:key%2Fwith%2Fslashes@myaccount.blob.core.windows.net/?sas_token=abc");
        Assert.Equal(0, add.ExitCode);

        var get = await _cli.RunAsync("connections", "get", "uri_conn");
        Assert.Matches(@"uri_conn\s+\| wasb\s+\| myaccount.blob.core.windows.net \|", get.Output);
        Assert.DoesNotContain("key/with/slashes", get.Output);
    }

    [Fact]
    public async Task Add_WithBadInput_FailsClearlyWithoutEchoingSecrets()
    {
        var both = await _cli.RunAsync("connections", "add", "x", "--conn-uri", "aws://a:b@h", "--conn-type", "aws");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give either --conn-uri, --conn-json, or field options", both.Error);

        var noType = await _cli.RunAsync("connections", "add", "x", "--conn-host", "h");
        Assert.Equal(2, noType.ExitCode);
        Assert.Contains("--conn-type is required", noType.Error);

        var badUri = await _cli.RunAsync("connections", "add", "bad_uri", "--conn-uri", "not a uri with secret-value");
        Assert.Equal(1, badUri.ExitCode);
        Assert.Contains("bad_uri", badUri.Error);
        Assert.DoesNotContain("secret-value", badUri.Error);
    }
}
