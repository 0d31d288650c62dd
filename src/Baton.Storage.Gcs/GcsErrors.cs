using System.Net;
using System.Net.Sockets;
using Google;

namespace Baton.Storage.Gcs;

/// <summary>Maps the SDK's failures to a <see cref="ObjectStoreFailureKind"/> and a reason saying what went wrong and what to check, never with a secret.</summary>
internal static class GcsErrors
{
    /// <summary>True for an error this store reports as an <see cref="ObjectStoreException"/> (anything the SDK or the network throws).</summary>
    public static bool IsStoreError(Exception error) =>
        error is GoogleApiException or HttpRequestException or IOException or TimeoutException
            or Google.Apis.Auth.OAuth2.Responses.TokenResponseException
        || (error is TaskCanceledException && error.InnerException is TimeoutException);

    /// <summary>The server's answer inside an error: Google.Apis' batch wraps it in an <see cref="HttpRequestException"/>.</summary>
    public static Exception Unwrap(Exception error) =>
        error is HttpRequestException { InnerException: GoogleApiException api } ? api : error;

    /// <summary>The HTTP status the server answered with, or null when there was no answer.</summary>
    public static HttpStatusCode? StatusOf(Exception error) => Unwrap(error) switch
    {
        GoogleApiException api => api.HttpStatusCode,
        HttpRequestException { StatusCode: { } status } => status,
        _ => null,
    };

    /// <summary>True when the error is the server's 404.</summary>
    public static bool IsNotFound(Exception error) => StatusOf(error) == HttpStatusCode.NotFound;

    /// <summary>True when the 404 is about the bucket rather than an object.</summary>
    public static bool IsMissingBucket(Exception error) =>
        Unwrap(error) is GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound } api
        && (api.Error?.Message ?? api.Message).Contains("bucket", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The kind of a failure and why it happened: the HTTP status and the server's words, with what to check for
    /// credentials, permissions, a missing bucket, an unreachable or silent endpoint.
    /// </summary>
    public static (ObjectStoreFailureKind Kind, string Reason) Classify(Exception error, GcsConnectionSettings settings, string bucket)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = settings.EndpointDescription;
        var tries = settings.NumRetries + 1;
        switch (Unwrap(error))
        {
            case GoogleApiException api:
                var status = api.HttpStatusCode;
                var said = api.Error?.Message is { Length: > 0 } m ? m : api.Message;
                var code = $"HTTP {(int)status} {status}";
                return status switch
                {
                    HttpStatusCode.Unauthorized => (ObjectStoreFailureKind.InvalidCredentials,
                        $"the credentials were rejected ({code}: {said}); check the connection's key_path / keyfile_dict or the Application Default Credentials"),
                    HttpStatusCode.Forbidden => (ObjectStoreFailureKind.AccessDenied,
                        $"permission denied ({code}: {said}); the service account needs roles/storage.objectUser (storage.objects.create/get/list/delete) on bucket '{bucket}'"),
                    HttpStatusCode.NotFound when IsMissingBucket(api) => (ObjectStoreFailureKind.BucketMissing,
                        $"bucket '{bucket}' does not exist ({code}: {said}); create it or fix the bucket in the URL"),
                    HttpStatusCode.NotFound => (ObjectStoreFailureKind.NotFound, $"there is no such object ({code}: {said})"),
                    HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict => (ObjectStoreFailureKind.Conflict, $"the object changed meanwhile ({code}: {said})"),
                    HttpStatusCode.TooManyRequests => (ObjectStoreFailureKind.Throttled, $"{endpoint} kept throttling the requests, {tries} tries ({code}: {said})"),
                    HttpStatusCode.NotImplemented => (ObjectStoreFailureKind.NotSupported, $"{endpoint} does not implement this request ({code}: {said})"),
                    >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout =>
                        (ObjectStoreFailureKind.Unavailable, $"{endpoint} kept failing, {tries} tries ({code}: {said})"),
                    >= HttpStatusCode.BadRequest => (ObjectStoreFailureKind.InvalidRequest, $"{endpoint} refused the request ({code}: {said})"),
                    _ => (ObjectStoreFailureKind.Other, $"{code}: {said}"),
                };
            case Google.Apis.Auth.OAuth2.Responses.TokenResponseException token:
                return (ObjectStoreFailureKind.InvalidCredentials,
                    $"the credentials were rejected when getting an access token ({token.Error?.Error ?? "error"}: {token.Error?.ErrorDescription}); check the connection's key_path / keyfile_dict");
            case var timedOut when IdleTimeoutHandler.IsTimeout(timedOut):
                return (ObjectStoreFailureKind.Timeout, IdleTimeoutHandler.TimeoutReason(endpoint, settings.RequestTimeout, tries));
            case HttpRequestException { StatusCode: { } answered }:
                return (ObjectStoreFailureKind.Other, $"HTTP {(int)answered} {answered}");
            case HttpRequestException { InnerException: SocketException socket }:
                return (ObjectStoreFailureKind.Unavailable,
                    $"cannot reach {endpoint} ({socket.SocketErrorCode}: {socket.Message}); check endpoint_url, the network and that the server is up");
            case HttpRequestException or IOException:
                return (ObjectStoreFailureKind.Unavailable, $"cannot reach {endpoint} ({error.Message}); check endpoint_url, the network and that the server is up");
            case var other:
                return (ObjectStoreFailureKind.Other, $"{other.GetType().Name}: {other.Message}");
        }
    }
}
