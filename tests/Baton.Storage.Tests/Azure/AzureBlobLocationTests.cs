using Baton.Configuration;
using Baton.Storage.Azure;

namespace Baton.Storage.Tests.Azure;

public sealed class AzureBlobLocationTests
{
    [Theory]
    [InlineData("az://conn_id@bucket/prefix/a", "conn_id", "bucket", "prefix/a")]
    [InlineData("az://Conn.Id-2@MyBucket", "Conn.Id-2", "mybucket", "")]
    [InlineData("az://conn@bucket/", "conn", "bucket", "")]
    [InlineData("AZ://conn@bucket/a/b/", "conn", "bucket", "a/b/")]
    [InlineData("az://conn@bucket/a%20b/c~2F.json", "conn", "bucket", "a b/c~2F.json")]
    public void Parse_BatonForm_TakesConnectionFromUserPartAndContainerFromHost(string url, string connId, string container, string path)
    {
        var location = AzureBlobLocation.Parse(new Uri(url));

        Assert.Equal(new AzureBlobLocation(connId, container, path, null), location);
    }

    [Theory]
    [InlineData("abfss://data@myaccount.dfs.core.windows.net/xcom/run?conn_id=azure_prod", "myaccount")]
    [InlineData("abfs://data@myaccount.dfs.core.windows.net/xcom/run?conn_id=azure_prod", "myaccount")]
    [InlineData("wasbs://data@myaccount.blob.core.windows.net/xcom/run?conn_id=azure_prod", "myaccount")]
    [InlineData("wasb://Data@MyAccount.blob.core.windows.net/xcom/run?conn_id=azure_prod", "myaccount")]
    public void Parse_HadoopForms_TakeContainerFromUserPartAccountFromHostAndConnectionFromQuery(string url, string account)
    {
        var location = AzureBlobLocation.Parse(new Uri(url));

        Assert.Equal(new AzureBlobLocation("azure_prod", "data", "xcom/run", account), location);
    }

    [Theory]
    [InlineData("az://bucket/prefix", "names no connection")]
    [InlineData("az://conn@bu/prefix", "not a valid container name")]
    [InlineData("az://conn@my_bucket/prefix", "not a valid container name")]
    [InlineData("az://conn@my--bucket/prefix", "not a valid container name")]
    [InlineData("az://conn@bucket:8080/prefix", "has a port")]
    [InlineData("az://conn@bucket/prefix?x=1", "has a query")]
    [InlineData("az://conn@bucket/prefix#frag", "fragment")]
    [InlineData("abfss://data@myaccount.dfs.core.windows.net/xcom", "no ?conn_id=ID")]
    [InlineData("abfss://data@myaccount.dfs.core.windows.net/xcom?conn=x", "the only parameter is conn_id")]
    [InlineData("abfss://data@127.0.0.1/xcom?conn_id=x", "ACCOUNT.dfs.core.windows.net")]
    [InlineData("wasbs://myaccount.blob.core.windows.net/xcom?conn_id=x", "no container")]
    [InlineData("s3://conn@bucket/prefix", "scheme")]
    public void Parse_MalformedUrl_ExplainsTheProblemAndTheForms(string url, string problem)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => AzureBlobLocation.Parse(new Uri(url)));

        Assert.Contains(problem, error.Message);
        Assert.Contains("az://conn_id@container/prefix", error.Message);
    }

    [Fact]
    public void Parse_SecretInUserPart_IsRefusedWithoutRepeatingIt()
    {
        var error = Assert.Throws<BatonConfigurationException>(() => AzureBlobLocation.Parse(new Uri("az://devstoreaccount1:s3cr3t-key@bucket/x")));

        Assert.Contains("never a key or password", error.Message);
        Assert.DoesNotContain("s3cr3t-key", error.Message);
    }

    [Fact]
    public void RootOf_JoinedWithAKey_ParsesBackToTheSameConnectionContainerAndKey()
    {
        var root = AzureBlobLocation.RootOf("azure_prod", "data");
        const string Key = "xcom/dag~20a/run/task/-1/return_value/20240101T000000Z-0a.json.zst";

        var location = AzureBlobLocation.Parse(new Uri(ObjectKeys.Join(root, Key)));

        Assert.Equal("az://azure_prod@data", root);
        Assert.Equal(new AzureBlobLocation("azure_prod", "data", Key, null), location);
    }
}
