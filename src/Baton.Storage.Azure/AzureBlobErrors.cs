using System.Globalization;
using Azure;
using Azure.Identity;

namespace Baton.Storage.Azure;

/// <summary>Maps the SDK's errors to a <see cref="ObjectStoreFailureKind"/> and a reason that says what failed and why, never a secret.</summary>
internal static class AzureBlobErrors
{
    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "AuthenticationFailed", "InvalidAuthenticationInfo", "NoAuthenticationInformation", "AuthorizationFailure",
    };

    /// <summary>
    /// True for the errors a store reports as <see cref="ObjectStoreException"/>: the SDK's and the transport's, token
    /// failures, and timeouts; false for the caller's own cancellation and for programming errors.
    /// </summary>
    public static bool IsStoreFailure(Exception error, CancellationToken cancellationToken) => error switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        RequestFailedException or AggregateException or AuthenticationFailedException or CredentialUnavailableException
            or IOException or HttpRequestException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The store's exception for an operation on an object (or the container when <paramref name="key"/> is null).</summary>
    /// <param name="error">The SDK's error (<see cref="IsStoreFailure"/> holds).</param>
    /// <param name="connection">The connection the store uses.</param>
    /// <param name="root">The store's URL.</param>
    /// <param name="container">The container.</param>
    /// <param name="operation">What was being done, e.g. <c>writing</c>.</param>
    /// <param name="key">The object's key, or null.</param>
    public static ObjectStoreException ToStoreException(Exception error, AzureBlobConnection connection, string root, string container, string operation, string? key)
    {
        var (kind, reason) = Classify(error, connection, container);
        return ObjectStoreException.Failed(kind, root, key is null ? operation : $"{operation} object '{key}'", reason, error);
    }

    /// <summary>Classifies an error and explains it for a person.</summary>
    public static (ObjectStoreFailureKind Kind, string Reason) Classify(Exception error, AzureBlobConnection connection, string container)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(connection);
        var tries = connection.Transfer.MaxRetries + 1;
        var cause = MainCause(error);
        var account = connection.AccountName.Length > 0 ? $"storage account '{connection.AccountName}'" : "the storage account";
        switch (cause)
        {
            case var timedOut when IdleTimeoutHandler.IsTimeout(timedOut) || timedOut is OperationCanceledException or TimeoutException:
                return (ObjectStoreFailureKind.Timeout, IdleTimeoutHandler.TimeoutReason(connection.ServiceUri.GetLeftPart(UriPartial.Authority), connection.Transfer.RequestTimeout, tries));
            case RequestFailedException { Status: 0 } e:
                return Unreachable(connection, tries, Innermost(e).Message);
            case RequestFailedException e:
                var answer = Answer(e);
                return Classify(e) switch
                {
                    ObjectStoreFailureKind.BucketMissing => (ObjectStoreFailureKind.BucketMissing,
                        $"container '{container}' does not exist in {account} at {connection.ServiceUri}; create it " +
                        $"(az storage container create --name {container} --account-name {connection.AccountName}) or correct the container in the URL"),
                    ObjectStoreFailureKind.NotFound => (ObjectStoreFailureKind.NotFound, $"there is no such blob ({answer})"),
                    ObjectStoreFailureKind.InvalidCredentials => (ObjectStoreFailureKind.InvalidCredentials,
                        $"{account} refused the credentials of connection '{connection.ConnId}' ({connection.Authentication}): {answer}; " +
                        "check the account name and key or the SAS token and its expiry (a network rule of the account that blocks this client answers the same)"),
                    ObjectStoreFailureKind.AccessDenied => (ObjectStoreFailureKind.AccessDenied,
                        $"connection '{connection.ConnId}' ({connection.Authentication}) may not do this in container '{container}': {answer}; " +
                        "grant the role Storage Blob Data Contributor on the container, or use a SAS token with permissions racwdl"),
                    ObjectStoreFailureKind.Throttled => (ObjectStoreFailureKind.Throttled, $"{account} kept throttling the requests, {tries} tries: {answer}"),
                    ObjectStoreFailureKind.Unavailable => (ObjectStoreFailureKind.Unavailable, $"{account} kept failing the request, {tries} tries: {answer}"),
                    var kind => (kind, $"{account} refused the request: {answer}"),
                };
            case AuthenticationFailedException or CredentialUnavailableException:
                return (ObjectStoreFailureKind.InvalidCredentials,
                    $"connection '{connection.ConnId}' could not get a token ({connection.Authentication}): {FirstLine(cause.Message)}");
            case HttpRequestException or IOException:
                return Unreachable(connection, tries, Innermost(cause).Message);
            default:
                return (ObjectStoreFailureKind.Other, FirstLine(cause.Message));
        }
    }

    private static ObjectStoreFailureKind Classify(RequestFailedException e) => (e.Status, e.ErrorCode) switch
    {
        (404, "ContainerNotFound") => ObjectStoreFailureKind.BucketMissing,
        (404, _) => ObjectStoreFailureKind.NotFound,
        (401, _) => ObjectStoreFailureKind.InvalidCredentials,
        (403, { } code) when CredentialCodes.Contains(code) => ObjectStoreFailureKind.InvalidCredentials,
        (403, _) => ObjectStoreFailureKind.AccessDenied,
        (409 or 412, _) => ObjectStoreFailureKind.Conflict,
        (429 or 503, _) => ObjectStoreFailureKind.Throttled,
        (408 or >= 500, _) => ObjectStoreFailureKind.Unavailable,
        (>= 400, _) => ObjectStoreFailureKind.InvalidRequest,
        _ => ObjectStoreFailureKind.Other,
    };

    private static (ObjectStoreFailureKind, string) Unreachable(AzureBlobConnection connection, int tries, string detail) =>
        (ObjectStoreFailureKind.Unavailable,
            $"could not reach the Blob endpoint {connection.ServiceUri} ({tries} tries): {FirstLine(detail)}; " +
            $"check the account URL of connection '{connection.ConnId}' and the network");

    /// <summary>The error that says most: for the retry policy's aggregate, the last try's.</summary>
    private static Exception MainCause(Exception error)
    {
        while (error is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
        {
            error = aggregate.InnerExceptions[^1];
        }

        return error;
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    /// <summary>Status, error code and the service's own sentence; never the request, its headers or the string it signed.</summary>
    private static string Answer(RequestFailedException e)
    {
        var phrase = e.GetRawResponse()?.ReasonPhrase;
        var text = string.IsNullOrWhiteSpace(phrase) ? FirstLine(e.Message) : phrase;
        return e.ErrorCode is { Length: > 0 } code
            ? $"{e.Status.ToString(CultureInfo.InvariantCulture)} {code} ({text.TrimEnd('.')})"
            : $"{e.Status.ToString(CultureInfo.InvariantCulture)} ({text.TrimEnd('.')})";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }
}
