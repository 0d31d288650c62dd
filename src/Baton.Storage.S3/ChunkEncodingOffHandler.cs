using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3.Model;

namespace Baton.Storage.S3;

/// <summary>Turns <c>UseChunkEncoding</c> off on PutObject and UploadPart requests before they are marshalled.</summary>
internal sealed class ChunkEncodingOffHandler : PipelineHandler
{
    /// <inheritdoc />
    public override void InvokeSync(IExecutionContext executionContext)
    {
        TurnOff(executionContext);
        base.InvokeSync(executionContext);
    }

    /// <inheritdoc />
    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        TurnOff(executionContext);
        return base.InvokeAsync<T>(executionContext);
    }

    private static void TurnOff(IExecutionContext executionContext)
    {
        switch (executionContext?.RequestContext.OriginalRequest)
        {
            case PutObjectRequest put:
                put.UseChunkEncoding = false;
                break;
            case UploadPartRequest part:
                part.UseChunkEncoding = false;
                break;
        }
    }
}
