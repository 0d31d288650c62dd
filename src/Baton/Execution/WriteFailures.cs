using System.Data.Common;
using Baton.Metadata;
using Microsoft.Data.Sqlite;

namespace Baton.Execution;

/// <summary>Says in a few words why a file or the metadata database could not be written: "no space left on device", …</summary>
internal static class WriteFailures
{
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int NameTooLong = 36;
    private const int QuotaExceeded = 122;
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;

    /// <summary>The reason, one line: the system's words for the common cases, else the exception's message.</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // The store's own wording names the database again; the caller already does, so the cause is what counts.
            MetadataStoreException { InnerException: DbException inner } => Reason(inner),
            SqliteException { SqliteErrorCode: SqliteFull } e => $"no space left on device ({OneLine(e.Message)})",
            SqliteException { SqliteErrorCode: SqliteReadOnly } e => $"read-only ({OneLine(e.Message)})",
            PathTooLongException => "file name too long",
            IOException { HResult: NoSpace } => "no space left on device",
            IOException { HResult: QuotaExceeded } => "disk quota exceeded",
            IOException { HResult: ReadOnlyFileSystem } => "read-only file system",
            IOException { HResult: NameTooLong } => "file name too long",
            UnauthorizedAccessException => "permission denied",
            _ => OneLine(exception.Message),
        };
    }

    /// <summary>Whether the exception is a failure to write a file or a database, as opposed to a bug.</summary>
    public static bool IsWriteFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or DbException;

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
