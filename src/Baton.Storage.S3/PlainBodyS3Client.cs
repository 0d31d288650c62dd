using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Baton.Storage.S3;

/// <summary>
/// An S3 client that sends every PutObject and UploadPart body plainly (not as a signed <c>aws-chunked</c> stream), for
/// S3-compatible servers that store the chunk framing as data (s3rver 3.x does, silently). Chosen by the connection's
/// <c>disable_chunk_encoding: true</c>.
/// </summary>
/// <remarks>
/// The setting is applied by a pipeline handler rather than on each request so that requests made by anything else with
/// this client (TransferUtility has no such option) are covered too. The handler must run before the marshaller.
/// </remarks>
internal sealed class PlainBodyS3Client : AmazonS3Client
{
    /// <summary>Creates the client with explicit credentials.</summary>
    public PlainBodyS3Client(AWSCredentials credentials, AmazonS3Config config) : base(credentials, config) { }

    /// <summary>Creates the client with the SDK's default credential chain.</summary>
    public PlainBodyS3Client(AmazonS3Config config) : base(config) { }

    /// <inheritdoc />
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Marshaller>(new ChunkEncodingOffHandler());
    }
}
