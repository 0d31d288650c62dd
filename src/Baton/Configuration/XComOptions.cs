using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>xcom</c> (<c>BATON__XCOM__…</c>).</summary>
public sealed class XComOptions
{
    /// <summary>The name of the default backend.</summary>
    public const string DatabaseBackend = "database";

    /// <summary>
    /// Which backend stores XComs (<c>BATON__XCOM__BACKEND</c>): <c>database</c>, or the assembly-qualified name of a class
    /// deriving from <see cref="XComs.XComBackend"/>.
    /// </summary>
    [ConfigurationKeyName("backend")]
    public string Backend { get; set; } = DatabaseBackend;

    /// <summary>The name of the object-storage backend.</summary>
    public const string ObjectStorageBackend = "objectstorage";

    /// <summary>
    /// Where the object-storage backend keeps values (<c>BATON__XCOM__PATH</c>): <c>file:///abs/dir</c>, or with the
    /// provider packages <c>s3://conn_id@bucket/prefix</c>, <c>gs://conn_id@bucket/prefix</c>, <c>az://conn_id@container/prefix</c>.
    /// </summary>
    [ConfigurationKeyName("path")]
    public string Path { get; set; } = "";

    /// <summary>
    /// The object-storage backend's threshold in bytes (<c>BATON__XCOM__THRESHOLD</c>): a value whose stored size
    /// (after compression) is at least this goes to the store, a smaller one stays in the database; 0 sends everything
    /// to the store, -1 keeps everything in the database.
    /// </summary>
    [ConfigurationKeyName("threshold")]
    public long Threshold { get; set; }

    /// <summary>The compression of new values (<c>BATON__XCOM__COMPRESSION</c>): none, gzip, zstd, brotli. Each value records its own.</summary>
    [ConfigurationKeyName("compression")]
    public string Compression { get; set; } = "none";

    /// <summary>The request timeout when <c>BATON__XCOM__REQUEST_TIMEOUT</c> is not set: a minute.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a request to a cloud store may move no bytes before it fails as a timeout (<c>BATON__XCOM__REQUEST_TIMEOUT</c>,
    /// e.g. <c>00:00:30</c>; from 1 second to 1 hour). It counts silence, not duration: an upload or download that keeps
    /// moving is never cut. A connection's extra <c>timeout</c> (seconds) overrides it for that connection.
    /// </summary>
    [ConfigurationKeyName("request_timeout")]
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>The largest value, in bytes, kept inline in the metadata database (<c>BATON__XCOM__MAX_INLINE_SIZE</c>).</summary>
    [ConfigurationKeyName("max_inline_size")]
    public long MaxInlineSize { get; set; } = 1024 * 1024;
}
