using System.Text.Json;
using Baton.Configuration;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace Baton.Storage.Gcs;

/// <summary>Builds a <see cref="StorageClient"/> from a connection's settings, with <see cref="GcsRetryPolicy"/> and the request timeout applied.</summary>
internal static class GcsClientFactory
{
    /// <summary>Builds the client: key file, key JSON, none (a custom endpoint with no key) or Application Default Credentials.</summary>
    /// <exception cref="BatonConfigurationException">The key cannot be read or loaded, or no Application Default Credentials are found.</exception>
    public static async Task<StorageClient> CreateAsync(GcsConnectionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new StorageClientBuilder { EmulatorDetection = Google.Api.Gax.EmulatorDetection.None };
        if (settings.ServiceBaseUri is { } baseUri)
        {
            builder.BaseUri = baseUri;
        }

        switch (settings.CredentialSource)
        {
            case GcsCredentialSource.Anonymous:
                builder.UnauthenticatedAccess = true;
                break;
            case GcsCredentialSource.KeyFile:
                builder.GoogleCredential = LoadKey(settings, await ReadKeyFileAsync(settings, cancellationToken).ConfigureAwait(false), "key_path file");
                break;
            case GcsCredentialSource.KeyJson:
                builder.GoogleCredential = LoadKey(settings, settings.KeyJson!, "keyfile_dict");
                break;
            case GcsCredentialSource.ApplicationDefault:
            default:
                break;
        }

        StorageClient client;
        try
        {
            client = await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (settings.CredentialSource == GcsCredentialSource.ApplicationDefault)
        {
            throw new BatonConfigurationException(
                $"Connection '{settings.ConnId}' gives no key_path or keyfile_dict, so Application Default Credentials are used, and none were found: {e.Message} " +
                "Set GOOGLE_APPLICATION_CREDENTIALS, run 'gcloud auth application-default login', run on Google Cloud, or give the connection a key.", e);
        }

        var handler = client.Service.HttpClient.MessageHandler;
        GcsRetryPolicy.Apply(handler, settings.NumRetries);
        // Possible only before the first request, which is why it is done here. Each try (the retry handler above sends
        // the same request again) moves bytes within the request timeout or fails; no try is cut for lasting long.
        handler.InnerHandler = new GcsUploadSessionHandler(new IdleTimeoutHandler(settings.RequestTimeout, handler.InnerHandler!));
        client.Service.HttpClient.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private static async Task<string> ReadKeyFileAsync(GcsConnectionSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(settings.KeyPath!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BatonConfigurationException(
                $"Connection '{settings.ConnId}': the service-account key file in key_path ('{settings.KeyPath}') cannot be read: {e.Message}", e);
        }
    }

    private static GoogleCredential LoadKey(GcsConnectionSettings settings, string json, string what)
    {
        string? type;
        try
        {
            using var document = JsonDocument.Parse(json);
            type = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
        }
        catch (JsonException e)
        {
            // The parser's message may quote part of the key: report the position only.
            throw new BatonConfigurationException(
                $"Connection '{settings.ConnId}': the {what} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); it must be a service-account key as downloaded from the console.");
        }

        if (type is not (JsonCredentialParameters.ServiceAccountCredentialType or JsonCredentialParameters.AuthorizedUserCredentialType))
        {
            throw new BatonConfigurationException(
                $"Connection '{settings.ConnId}': the {what} has \"type\": \"{type}\"; Baton takes service_account keys (and authorized_user credentials). " +
                "For other kinds use Application Default Credentials (leave key_path and keyfile_dict out).");
        }

        try
        {
            return type == JsonCredentialParameters.ServiceAccountCredentialType
                ? CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential()
                : CredentialFactory.FromJson<UserCredential>(json).ToGoogleCredential();
        }
        // No inner exception: a parser's message may quote part of the key. The key parser throws whatever its input
        // provokes (InvalidDataException, NotSupportedException, IndexOutOfRangeException for a damaged private_key),
        // so any failure here means the key is unusable.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BatonConfigurationException(
                $"Connection '{settings.ConnId}': the {what} could not be loaded as a {type} credential ({e.GetType().Name}); check that it is a complete, unmodified key.");
        }
    }
}
