namespace Baton.Storage.Gcs;

/// <summary>
/// Sits under the SDK's message handler and hands a resumable upload its session URI when the session starts: the SDK
/// tells it only for seekable streams, and the store needs it to cancel the session of a failed upload.
/// </summary>
/// <remarks>
/// The upload that is starting is the one in the current async flow (<see cref="SessionStarted"/>), which the SDK's
/// request runs in.
/// </remarks>
internal sealed class GcsUploadSessionHandler : DelegatingHandler
{
    /// <summary>Set around an upload: called with the session URI when its session starts.</summary>
    public static readonly AsyncLocal<Action<Uri>?> SessionStarted = new();

    /// <summary>Wraps the handler that sends the requests.</summary>
    public GcsUploadSessionHandler(HttpMessageHandler inner) : base(inner) { }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (SessionStarted.Value is { } started && request.Method == HttpMethod.Post && response.IsSuccessStatusCode
            && response.Headers.Location is { } session
            && request.RequestUri?.AbsolutePath.Contains("/upload/storage/v1/", StringComparison.Ordinal) == true)
        {
            started(session);
        }

        return response;
    }
}
