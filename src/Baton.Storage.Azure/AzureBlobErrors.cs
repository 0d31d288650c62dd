using System.Globalization;
using Azure;
using Azure.Identity;

namespace Baton.Storage.Azure;

/// <summary>Turns the SDK's errors into <see cref="ObjectStoreException"/>s whose messages say what failed and why, never a secret.</summary>
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

    /// <summary>The error for an operation on an object (or the container when <paramref name="key"/> is null).</summary>
    /// <param name="error">The SDK's error (<see cref="IsStoreFailure"/> holds).</param>
    /// <param name="connection">The connection the store uses.</param>
    /// <param name="root">The store's URL.</param>
    /// <param name="container">The container.</param>
    /// <param name="operation">What was being done, e.g. <c>writing</c>.</param>
    /// <param name="key">The object's key, or null.</param>
    public static AzureBlobRequestException ToStoreException(Exception error, AzureBlobConnection connection, string root, string container, string operation, string? key)
    {
        var (failure, reason) = Describe(error, connection, container);
        var what = key is null ? $"{operation} failed" : $"{operation} object '{key}' failed";
        return new AzureBlobRequestException(failure, reason, $"Azure Blob store {root}: {what}: {reason}.", error);
    }

    /// <summary>Classifies an error and explains it for a person.</summary>
    public static (AzureBlobFailure Failure, string Reason) Describe(Exception error, AzureBlobConnection connection, string container)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(connection);
        var tries = connection.Transfer.MaxRetries + 1;
        var cause = MainCause(error);
        var account = connection.AccountName.Length > 0 ? $"storage account '{connection.AccountName}'" : "the storage account";
        switch (cause)
        {
            case RequestFailedException { Status: 0 } e:
                return Unreachable(connection, tries, Innermost(e).Message);
            case RequestFailedException e:
                var answer = Answer(e);
                var failure = Classify(e);
                return (failure, failure switch
                {
                    AzureBlobFailure.ContainerNotFound =>
                        $"container '{container}' does not exist in {account} at {connection.ServiceUri}; create it " +
                        $"(az storage container create --name {container} --account-name {connection.AccountName}) or correct the container in the URL",
                    AzureBlobFailure.BlobNotFound => $"there is no such blob ({answer})",
                    AzureBlobFailure.CredentialsRefused =>
                        $"{account} refused the credentials of connection '{connection.ConnId}' ({connection.Authentication}): {answer}; " +
                        "check the account name and key or the SAS token and its expiry (a network rule of the account that blocks this client answers the same)",
                    AzureBlobFailure.PermissionDenied =>
                        $"connection '{connection.ConnId}' ({connection.Authentication}) may not do this in container '{container}': {answer}; " +
                        "grant the role Storage Blob Data Contributor on the container, or use a SAS token with permissions racwdl",
                    AzureBlobFailure.ServiceUnavailable => $"{account} kept failing the request, {tries} tries: {answer}",
                    _ => $"{account} refused the request: {answer}",
                });
            case AuthenticationFailedException or CredentialUnavailableException:
                return (AzureBlobFailure.CredentialsRefused,
                    $"connection '{connection.ConnId}' could not get a token ({connection.Authentication}): {FirstLine(cause.Message)}");
            case OperationCanceledException or TimeoutException:
                return Unreachable(connection, tries, $"no answer within {connection.Transfer.NetworkTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            case HttpRequestException or IOException:
                return Unreachable(connection, tries, Innermost(cause).Message);
            default:
                return (AzureBlobFailure.Other, FirstLine(cause.Message));
        }
    }

    private static AzureBlobFailure Classify(RequestFailedException e) => (e.Status, e.ErrorCode) switch
    {
        (404, "ContainerNotFound") => AzureBlobFailure.ContainerNotFound,
        (404, "BlobNotFound") => AzureBlobFailure.BlobNotFound,
        (401, _) => AzureBlobFailure.CredentialsRefused,
        (403, { } code) when CredentialCodes.Contains(code) => AzureBlobFailure.CredentialsRefused,
        (403, _) => AzureBlobFailure.PermissionDenied,
        (408 or 429 or >= 500, _) => AzureBlobFailure.ServiceUnavailable,
        _ => AzureBlobFailure.Other,
    };

    private static (AzureBlobFailure, string) Unreachable(AzureBlobConnection connection, int tries, string detail) =>
        (AzureBlobFailure.EndpointUnreachable,
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
