using System.Net;
using Google.Apis.Http;
using Google.Cloud.Storage.V1;

namespace Baton.Storage.Gcs;

/// <summary>
/// How the store retries transient faults, all with the SDK's own machinery, tuned in one place.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>JSON API calls (get, list, delete): Google.Cloud.Storage.V1's <see cref="RetryOptions"/> with
/// <see cref="RetryPredicate.RetriableIdempotentErrors"/> (408, 429, 500, 502, 503, 504) and a <see cref="RetryTiming"/>
/// of 0.5 s doubling to at most 8 s (the SDK's default starts at 1 s and goes to 32 s, too slow for a task that waits).</item>
/// <item>Tries per request: the client's <see cref="ConfigurableMessageHandler.NumTries"/>, set to
/// <c>num_retries</c> + 1 (default 6 tries).</item>
/// <item>Dropped connections and other I/O errors, on every request: Google.Apis' <see cref="BackOffHandler"/> as an
/// exception handler, with the same exponential back-off (<see cref="GcsBackOff"/>). The Storage client builder turns
/// Google.Apis' default back-off off, and its own retry handler only looks at status codes.</item>
/// <item>Media requests the JSON retry handler does not cover: the resumable upload's session start (POST) and a media
/// download (GET <c>alt=media</c>) retry 408, 429 and 5xx; an upload chunk (PUT) retries 5xx and errors, which the
/// SDK's resumable upload turns into a status query and a resend from the last byte the server has; at most
/// <c>num_retries</c> server errors per upload session since its last progress (<see cref="GcsBackOffHandler"/>).</item>
/// </list>
/// A failure after the last try surfaces as the SDK's exception and becomes an <see cref="ObjectStoreException"/>.
/// </remarks>
internal static class GcsRetryPolicy
{
    /// <summary>The first delay.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two tries.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    /// <summary>Each delay is this times the previous one.</summary>
    public const double BackoffMultiplier = 2.0;

    /// <summary>Retry options for the JSON API calls.</summary>
    public static RetryOptions RequestRetries { get; } =
        new(new RetryTiming(InitialBackoff, MaxBackoff, BackoffMultiplier), RetryPredicate.RetriableIdempotentErrors);

    /// <summary>Sets the tries and installs the back-off for errors and media requests on a client's message handler.</summary>
    public static void Apply(ConfigurableMessageHandler handler, int numRetries)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.NumTries = numRetries + 1;
        var backOff = new GcsBackOffHandler(new BackOffHandler.Initializer(new GcsBackOff(numRetries))
        {
            MaxTimeSpan = MaxBackoff + MaxBackoff,
            HandleExceptionFunc = IsTransientError,
            HandleUnsuccessfulResponseFunc = IsTransientMediaResponse,
        }, numRetries);
        handler.AddExceptionHandler(backOff);
        handler.AddUnsuccessfulResponseHandler(backOff);
    }

    /// <summary>True for an error worth another try: a refused or dropped connection, a reset, an I/O error.</summary>
    public static bool IsTransientError(Exception error) =>
        error is HttpRequestException or IOException or TimeoutException;

    /// <summary>True for a media request's response worth another try (see the remarks of <see cref="GcsRetryPolicy"/>).</summary>
    public static bool IsTransientMediaResponse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.RequestMessage is not { RequestUri: { } uri } request)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        var isUpload = uri.AbsolutePath.Contains("/upload/storage/v1/", StringComparison.Ordinal);
        var isDownload = uri.Query.Contains("alt=media", StringComparison.Ordinal);
        if (isUpload && request.Method == HttpMethod.Put)
        {
            // A chunk: the SDK's resumable upload turns the retry into a status query; resending the chunk as it is
            // would not work, so only server errors, which that query follows, are retried.
            return status >= 500;
        }

        return (isUpload && request.Method == HttpMethod.Post) || (isDownload && request.Method == HttpMethod.Get)
            ? status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500
            : false;
    }
}
