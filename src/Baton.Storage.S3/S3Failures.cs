using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Baton.Storage.S3;

/// <summary>Maps the SDK's failures to a <see cref="ObjectStoreFailureKind"/> and a reason naming the bucket, the endpoint and what to check.</summary>
internal static class S3Failures
{
    private static readonly HashSet<string> CredentialCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired",
        "InvalidClientTokenId", "AuthorizationHeaderMalformed", "InvalidSecurity", "MissingSecurityHeader",
    };

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled",
    };

    /// <summary>
    /// True for the failures this store translates: SDK errors, network errors, and a timeout (a cancellation that
    /// <paramref name="cancellationToken"/> did not ask for). A cancellation that was asked for passes through untouched.
    /// </summary>
    public static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The kind of a failure and why it happened, naming the bucket and endpoint and what to check; never a secret (the
    /// connection's secrets are masked should the service echo them).
    /// </summary>
    public static (ObjectStoreFailureKind Kind, string Reason) Classify(Exception exception, S3ConnectionSettings settings, string bucket, string? permission = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = settings.EndpointDescription;
        var attempts = settings.MaxAttempts == 1 ? "1 attempt" : $"{settings.MaxAttempts} attempts";
        var (kind, reason) = Find<AmazonServiceException>(exception) is { } service && (service.StatusCode != 0 || !string.IsNullOrEmpty(service.ErrorCode))
            ? Answered(service, settings, bucket, permission, attempts)
            : IdleTimeoutHandler.IsTimeout(exception)
                ? (ObjectStoreFailureKind.Timeout, IdleTimeoutHandler.TimeoutReason(endpoint, settings.RequestTimeout, settings.MaxAttempts))
                : Find<HttpRequestException>(exception) is not null || Find<SocketException>(exception) is not null
                    || Find<IOException>(exception) is not null || exception is OperationCanceledException
                    ? (ObjectStoreFailureKind.Unavailable, $"{endpoint} could not be reached after {attempts}: {Innermost(exception).Message}")
                    // The SDK's credential chain reports "Failed to resolve AWS credentials" and the like as client exceptions.
                    : exception.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
                        ? (ObjectStoreFailureKind.InvalidCredentials,
                            $"no AWS credentials could be found for connection '{settings.ConnId}': it has no login and password, and the default credential chain " +
                            $"(environment, profile, instance or container role) gave none: {Innermost(exception).Message}")
                        : (ObjectStoreFailureKind.Other, Innermost(exception).Message);
        return (kind, Mask(reason, settings));
    }

    /// <summary>The store's exception for a failed operation: <c>{operation} in {root} failed: {reason}.</c></summary>
    /// <param name="operation">What was being done, naming the object: <c>writing object 'k'</c>.</param>
    /// <param name="exception">The SDK's error.</param>
    /// <param name="store">The store.</param>
    /// <param name="permission">The IAM permission the request needs, named when access is denied.</param>
    /// <param name="step">The request of the operation that failed, when it has several (<c>its multipart upload's part 3</c>).</param>
    public static ObjectStoreException Wrap(string operation, Exception exception, S3ObjectStore store, string? permission = null, string? step = null)
    {
        var (kind, reason) = Classify(exception, store.Settings, store.Bucket, permission);
        return ObjectStoreException.Failed(kind, store.Root, operation, step is null ? reason : $"{step} failed: {reason}", exception);
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in the chain of inner exceptions.</summary>
    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static (ObjectStoreFailureKind, string) Answered(AmazonServiceException service, S3ConnectionSettings settings, string bucket, string? permission, string attempts)
    {
        var code = service.ErrorCode ?? "";
        var answer = $" ({Answer(service)})";
        var endpoint = settings.EndpointDescription;
        return code switch
        {
            _ when CredentialCodes.Contains(code) || service.StatusCode == HttpStatusCode.Unauthorized => (ObjectStoreFailureKind.InvalidCredentials,
                $"{endpoint} refused the credentials of connection '{settings.ConnId}'{answer}; check its login (access key id), " +
                "password (secret access key) and aws_session_token" + (settings.RoleArn is null ? "" : $", and that it may assume role {settings.RoleArn}")),
            "NoSuchBucket" => (ObjectStoreFailureKind.BucketMissing,
                $"bucket '{bucket}' does not exist at {endpoint}{answer}; create it, or fix the bucket in the URL or the connection"),
            "NoSuchKey" => (ObjectStoreFailureKind.NotFound, $"there is no such object{answer}"),
            "AccessDenied" or "AllAccessDisabled" or "AccountProblem" => Denied(),
            "NotImplemented" => (ObjectStoreFailureKind.NotSupported, $"{endpoint} does not implement this request{answer}"),
            "PreconditionFailed" => (ObjectStoreFailureKind.Conflict, $"the object changed meanwhile{answer}"),
            _ when ThrottlingCodes.Contains(code) || service.StatusCode == HttpStatusCode.TooManyRequests || IsServiceUnavailable(service) =>
                (ObjectStoreFailureKind.Throttled, $"{endpoint} kept throttling the requests after {attempts}{answer}"),
            _ when service.StatusCode == HttpStatusCode.Forbidden => Denied(),
            _ when (int)service.StatusCode >= 500 => (ObjectStoreFailureKind.Unavailable, $"{endpoint} kept failing after {attempts}{answer}"),
            _ when (int)service.StatusCode >= 400 => (ObjectStoreFailureKind.InvalidRequest, $"{endpoint} refused the request{answer}"),
            _ => (ObjectStoreFailureKind.Other, $"{endpoint} answered{answer}"),
        };

        (ObjectStoreFailureKind, string) Denied() => (ObjectStoreFailureKind.AccessDenied,
            $"access was denied{answer}: the credentials of connection '{settings.ConnId}' lack {permission ?? "a permission"} on bucket '{bucket}' " +
            "(the policy in docs/stores/s3.md lists what Baton needs)");
    }

    private static bool IsServiceUnavailable(AmazonServiceException service) =>
        service.StatusCode == HttpStatusCode.ServiceUnavailable && string.Equals(service.ErrorCode, "ServiceUnavailable", StringComparison.OrdinalIgnoreCase);

    private static string Answer(AmazonServiceException service)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(service.ErrorCode))
        {
            parts.Add(service.ErrorCode);
        }

        if (service.StatusCode != 0)
        {
            parts.Add($"HTTP {(int)service.StatusCode}");
        }

        var head = string.Join(", ", parts);
        return string.IsNullOrWhiteSpace(service.Message) || service.Message == service.ErrorCode ? head : $"{head}: {service.Message.TrimEnd('.')}";
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string Mask(string text, S3ConnectionSettings settings)
    {
        foreach (var secret in new[] { settings.SecretAccessKey, settings.SessionToken })
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
