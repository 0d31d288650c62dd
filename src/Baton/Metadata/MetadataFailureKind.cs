namespace Baton.Metadata;

/// <summary>What a failure of the metadata database means, whatever database it is.</summary>
public enum MetadataFailureKind
{
    /// <summary>An error with no more specific meaning; the message carries the database's own words.</summary>
    Other,

    /// <summary>Another process held a lock on the database for longer than the store waits (the busy or lock timeout).</summary>
    Busy,

    /// <summary>The database (or the directory it lives in) cannot be written: read-only file, directory or mode.</summary>
    ReadOnly,

    /// <summary>The database cannot be opened: its directory is missing, its path names a directory, or it is not readable.</summary>
    CannotOpen,

    /// <summary>A row with the same key exists.</summary>
    UniqueViolation,
}
