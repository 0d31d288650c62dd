namespace Baton.Storage.Gcs;

/// <summary>Where a Cloud Storage client gets its credentials.</summary>
internal enum GcsCredentialSource
{
    /// <summary>Application Default Credentials: <c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's login, or the metadata server.</summary>
    ApplicationDefault,

    /// <summary>A service-account key file (<c>key_path</c>).</summary>
    KeyFile,

    /// <summary>A service-account key given inline (<c>keyfile_dict</c>).</summary>
    KeyJson,

    /// <summary>No credentials: a custom endpoint with no key, i.e. an emulator.</summary>
    Anonymous,
}
