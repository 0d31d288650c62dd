using Baton.Configuration;
using Baton.Storage.S3;

namespace Baton.Storage.Tests.S3;

public sealed class S3StoreUrlTests
{
    [Theory]
    [InlineData("s3://my_conn@my-bucket/xcom/prefix", "my_conn", "my-bucket", "xcom/prefix")]
    [InlineData("s3://my_conn@my-bucket", "my_conn", "my-bucket", "")]
    [InlineData("s3://my_conn@my-bucket/", "my_conn", "my-bucket", "")]
    [InlineData("s3://aws.prod-1@My.Bucket.Name/a/b/", "aws.prod-1", "my.bucket.name", "a/b/")]
    [InlineData("S3://c@bucket/x~2Fy/z.json.zst", "c", "bucket", "x~2Fy/z.json.zst")]
    [InlineData("s3://c@bucket/with%20space", "c", "bucket", "with space")]
    public void Parse_SplitsConnectionBucketAndPath(string url, string connId, string bucket, string path)
    {
        var parsed = S3StoreUrl.Parse(new Uri(url));

        Assert.Equal((connId, bucket, path), (parsed.ConnId, parsed.Bucket, parsed.Path));
        Assert.Equal($"s3://{connId}@{bucket}", parsed.Root);
    }

    [Fact]
    public void Parse_KeepsDotSegmentsForTheStoreToRefuse()
    {
        // Uri would fold "a/../b" into "b"; the store must see the key as written so it can refuse it.
        Assert.Equal("a/../b", S3StoreUrl.Parse(new Uri("s3://c@bucket/a/../b")).Path);
    }

    [Fact]
    public void Parse_WithoutConnection_UsesAwsDefaultAndARootWithoutUserInfo()
    {
        var parsed = S3StoreUrl.Parse(new Uri("s3://bucket/prefix"));

        Assert.Null(parsed.ConnId);
        Assert.Equal("aws_default", parsed.EffectiveConnId);
        Assert.Equal("s3://bucket", parsed.Root);
    }

    [Fact]
    public void RootAndKey_JoinIntoTheObjectsLocation()
    {
        var parsed = S3StoreUrl.Parse(new Uri("s3://conn@bucket/xcom"));

        Assert.Equal("s3://conn@bucket/xcom/dag/run/task/-1/return_value/1-a.json", ObjectKeys.Join(parsed.Root, "xcom/dag/run/task/-1/return_value/1-a.json"));
        Assert.Equal(parsed with { Path = "xcom/dag/x.json" }, S3StoreUrl.Parse(new Uri(ObjectKeys.Join(parsed.Root, "xcom/dag/x.json"))));
    }

    [Theory]
    [InlineData("s3://conn@bucket:9000/prefix", "port")]
    [InlineData("s3://conn@bucket/prefix?region=eu-west-1", "query")]
    [InlineData("s3://conn@ab/prefix", "not a valid bucket name")]
    [InlineData("s3://conn@bucket_underscore/prefix", "not a valid bucket name")]
    [InlineData("s3://conn@-bucket/prefix", "not a valid bucket name")]
    [InlineData("s3://con%20n@bucket/prefix", "connection id")]
    [InlineData("gs://conn@bucket/prefix", "not an s3:// URL")]
    public void Parse_RefusesMalformedUrlsSayingWhy(string url, string problem)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => S3StoreUrl.Parse(new Uri(url)));

        Assert.Contains(problem, error.Message);
        Assert.Contains("s3://conn_id@bucket/prefix", error.Message);
    }

    [Fact]
    public void Parse_ASecretInTheUrl_IsRefusedWithoutRepeatingIt()
    {
        var error = Assert.Throws<BatonConfigurationException>(() => S3StoreUrl.Parse(new Uri("s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/prefix")));

        Assert.Contains("password", error.Message);
        Assert.DoesNotContain("wJalrXUtnFEMI", error.Message);
    }
}
