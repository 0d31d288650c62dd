using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Baton.Storage.S3;

/// <summary>Turns SDK failures into <see cref="ObjectStoreException"/>s whose messages name the store, bucket, key and cause.</summary>
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
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>Classifies a failure.</summary>
    public static S3FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Find<AmazonServiceException>(exception) is { } service && (service.StatusCode != 0 || !string.IsNullOrEmpty(service.ErrorCode)))
        {
            var code = service.ErrorCode ?? "";
            return code switch
            {
                _ when CredentialCodes.Contains(code) => S3FailureKind.Credentials,
                "NoSuchBucket" => S3FailureKind.MissingBucket,
                "NoSuchKey" => S3FailureKind.MissingObject,
                "AccessDenied" or "AllAccessDisabled" or "AccountProblem" => S3FailureKind.AccessDenied,
                _ when ThrottlingCodes.Contains(code) || service.StatusCode == HttpStatusCode.TooManyRequests => S3FailureKind.Throttled,
                _ when service.StatusCode == HttpStatusCode.Forbidden => S3FailureKind.AccessDenied,
                _ when (int)service.StatusCode >= 500 => code.Equals("ServiceUnavailable", StringComparison.OrdinalIgnoreCase) && service.StatusCode == HttpStatusCode.ServiceUnavailable
                    ? S3FailureKind.Throttled
                    : S3FailureKind.ServerError,
                _ => S3FailureKind.Other,
            };
        }

        if (Find<HttpRequestException>(exception) is not null || Find<SocketException>(exception) is not null
            || Find<IOException>(exception) is not null || exception is OperationCanceledException || Find<TimeoutException>(exception) is not null)
        {
            return S3FailureKind.Unreachable;
        }

        // The SDK's credential chain reports "Failed to resolve AWS credentials" and the like as client exceptions.
        return exception.Message.Contains("credential", StringComparison.OrdinalIgnoreCase) ? S3FailureKind.Credentials : S3FailureKind.Other;
    }

    /// <summary>
    /// A sentence on why a call failed, naming the bucket and endpoint and what to check; never a secret (the connection's
    /// secrets are masked should the service echo them).
    /// </summary>
    public static string Explain(Exception exception, S3ConnectionSettings settings, string bucket, string? permission = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(settings);
        var service = Find<AmazonServiceException>(exception);
        var answer = service is null ? "" : $" ({Answer(service)})";
        var attempts = settings.MaxAttempts == 1 ? "1 attempt" : $"{settings.MaxAttempts} attempts";
        var text = Classify(exception) switch
        {
            S3FailureKind.Credentials when service is null =>
                $"no AWS credentials could be found for connection '{settings.ConnId}': it has no login and password, and the default credential chain " +
                $"(environment, profile, instance or container role) gave none: {Innermost(exception).Message}",
            S3FailureKind.Credentials =>
                $"{settings.EndpointDescription} refused the credentials of connection '{settings.ConnId}'{answer}; check its login (access key id), " +
                "password (secret access key) and aws_session_token" + (settings.RoleArn is null ? "" : $", and that it may assume role {settings.RoleArn}"),
            S3FailureKind.AccessDenied =>
                $"access was denied{answer}: the credentials of connection '{settings.ConnId}' lack {permission ?? "a permission"} on bucket '{bucket}' " +
                "(the policy in docs/stores/s3.md lists what Baton needs)",
            S3FailureKind.MissingBucket =>
                $"bucket '{bucket}' does not exist at {settings.EndpointDescription}{answer}; create it, or fix the bucket in the URL or the connection",
            S3FailureKind.MissingObject => $"there is no such object{answer}",
            S3FailureKind.Unreachable =>
                $"{settings.EndpointDescription} could not be reached after {attempts}: {Innermost(exception).Message}",
            S3FailureKind.Throttled => $"{settings.EndpointDescription} kept throttling the requests after {attempts}{answer}",
            S3FailureKind.ServerError => $"{settings.EndpointDescription} kept failing after {attempts}{answer}",
            _ => service is null ? Innermost(exception).Message : $"{settings.EndpointDescription} answered{answer}",
        };
        return Mask(text, settings);
    }

    /// <summary>Wraps a failure: "{what} failed: {why}".</summary>
    public static ObjectStoreException Wrap(string what, Exception exception, S3ConnectionSettings settings, string bucket, string? permission = null) =>
        new($"{what} failed: {Explain(exception, settings, bucket, permission)}.", exception);

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
