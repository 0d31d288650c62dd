using System.Net;
using System.Text;
using Amazon.S3.Model;

namespace Baton.Storage.Tests.S3;

/// <summary>
/// The incomplete multipart uploads a killed push leaves. s3rver starts multipart uploads but implements neither
/// ListMultipartUploads nor AbortMultipartUpload, so the uploads here are real ones started on s3rver, and S3's documented
/// answers to those two calls (and ListParts) are given by the test's HTTP handler.
/// </summary>
public sealed class S3IncompleteUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpResponseMessage Xml(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };

    [Fact]
    public async Task ListIncompleteUploads_ReportsEachUploadWithItsNewestPart_AndAbortSendsItsUploadId()
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        var http = new FaultyHttpClientFactory();
        var store = S3TestStores.Create(http);
        var prefix = S3TestStores.NewPrefix("incomplete") + "/";
        var key = prefix + "dag/value.bin";
        var uploadId = (await store.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = store.Bucket, Key = key }, Ct)).UploadId;
        http.Fault = request => (request.Method.Method, request.RequestUri!.Query) switch
        {
            ("GET", var q) when q.Contains("uploads", StringComparison.Ordinal) => Xml(
                $"""<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>{store.Bucket}</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated><Upload><Key>{key}</Key><UploadId>{uploadId}</UploadId><Initiated>2024-01-01T00:00:00.000Z</Initiated></Upload></ListMultipartUploadsResult>"""),
            ("GET", var q) when q.Contains("uploadId=", StringComparison.Ordinal) => Xml(
                $"""<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>{store.Bucket}</Bucket><Key>{key}</Key><UploadId>{uploadId}</UploadId><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><LastModified>2024-01-01T01:00:00.000Z</LastModified><ETag>"a"</ETag><Size>5242880</Size></Part><Part><PartNumber>2</PartNumber><LastModified>2024-01-01T00:30:00.000Z</LastModified><ETag>"b"</ETag><Size>1000</Size></Part></ListPartsResult>"""),
            ("DELETE", var q) when q.Contains("uploadId=", StringComparison.Ordinal) => new HttpResponseMessage(HttpStatusCode.NoContent),
            _ => null,
        };

        var found = new List<IncompleteUpload>();
        await foreach (var upload in store.ListIncompleteUploadsAsync(prefix, Ct))
        {
            found.Add(upload);
        }

        var only = Assert.Single(found);
        Assert.Equal((key, uploadId, new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.Zero), (long?)5243880), (only.Key, only.UploadId, only.LastActivity, only.Size));
        Assert.Contains(http.Requests, r => r.StartsWith("GET /test-bucket/?uploads", StringComparison.Ordinal) && r.Contains("prefix=", StringComparison.Ordinal));

        await store.AbortIncompleteUploadAsync(only, Ct);

        Assert.Contains(http.Requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("uploadId=" + Uri.EscapeDataString(uploadId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListIncompleteUploads_OnAnEndpointWithoutTheCall_FailsSayingSo()
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        var store = S3TestStores.Create();

        var error = await Assert.ThrowsAsync<ObjectStoreException>(async () =>
        {
            await foreach (var _ in store.ListIncompleteUploadsAsync(S3TestStores.NewPrefix("no-list") + "/", Ct))
            {
            }
        });

        Assert.Contains("does not implement ListMultipartUploads", error.Message);
        Assert.Contains("AbortIncompleteMultipartUpload", error.Message);
    }
}
