namespace Baton.Storage.Azure;

/// <summary>Why a request to Azure Blob Storage failed, as far as the answer (or its absence) tells.</summary>
internal enum AzureBlobFailure
{
    /// <summary>Anything else the service refused.</summary>
    Other,

    /// <summary>The service did not accept who we are: wrong or expired key, SAS token or identity (401/403 authentication).</summary>
    CredentialsRefused,

    /// <summary>The identity is known but may not do this (403 permission mismatch: missing role, SAS without the permission).</summary>
    PermissionDenied,

    /// <summary>The container does not exist.</summary>
    ContainerNotFound,

    /// <summary>The blob does not exist.</summary>
    BlobNotFound,

    /// <summary>No answer: connection refused, name not resolved, timed out, dropped — after every retry.</summary>
    EndpointUnreachable,

    /// <summary>The service answered 5xx or throttled (429) on every try.</summary>
    ServiceUnavailable,
}
