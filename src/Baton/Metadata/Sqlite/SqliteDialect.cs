using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Baton.Metadata.Sql;
using Microsoft.Data.Sqlite;

namespace Baton.Metadata.Sqlite;

/// <summary>
/// The metadata store on a SQLite file: WAL mode, one writer at a time (queued in this process, settled by the busy
/// timeout between processes), errors told by SQLite's result codes, migrations in <c>Metadata/Sqlite/Migrations</c>.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The write gate's SemaphoreSlim holds no wait handle (AvailableWaitHandle is never read), so there is nothing to dispose.")]
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>How long a statement waits for another process's lock unless the connection string says otherwise.</summary>
    public const int DefaultTimeoutSeconds = 60;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private static readonly string[] TimeoutKeywords = ["Default Timeout", "DefaultTimeout", "Command Timeout"];

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly bool _createDirectory;
    private readonly bool _readOnlyMode;
    private readonly string _settingName;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _directoryReady;

    /// <summary>Opens the database of a SQLite connection string.</summary>
    /// <param name="connectionString">The connection string; <c>Default Timeout</c> in it sets the busy timeout (60 s if absent).</param>
    /// <param name="createDirectory">Whether to create the file's directory when it is missing (for the default database in <c>BATON_HOME</c>).</param>
    /// <param name="settingName">The setting that chose the database, named in messages (e.g. <c>BATON__DATABASE__CONNECTION_STRING</c>).</param>
    /// <exception cref="MetadataStoreException">The connection string asks for something this SQLite cannot do (a password).</exception>
    public SqliteDialect(string connectionString, bool createDirectory = false, string settingName = "BATON__DATABASE__CONNECTION_STRING")
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(settingName);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            throw new MetadataStoreException(MetadataFailureKind.CannotOpen, PasswordProblem(settingName), null);
        }

        TimeoutSeconds = SetsAny(connectionString, TimeoutKeywords) ? builder.DefaultTimeout : DefaultTimeoutSeconds;
        builder.DefaultTimeout = TimeoutSeconds;
        builder.Pooling = true;
        _connectionString = builder.ToString();
        _readOnlyMode = builder.Mode == SqliteOpenMode.ReadOnly;
        _createDirectory = createDirectory;
        _settingName = settingName;
        FilePath = FileOf(builder);
        // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={TimeoutSeconds * 1000};");
    }

    public override string Name => "sqlite";

    public override string DisplayName => FilePath ?? "(in memory)";

    /// <summary>The database file, absolute; null for an in-memory database.</summary>
    public string? FilePath { get; }

    /// <summary>How long, in seconds, a statement waits for a lock another process holds.</summary>
    public int TimeoutSeconds { get; }

    /// <summary>
    /// What is wrong with a SQLite connection string before anything opens it (for the settings check): a password
    /// (this SQLite has no encryption), a data source that is a directory or whose directory does not exist. Each
    /// problem names <paramref name="settingName"/>; none quotes the password.
    /// </summary>
    public static IEnumerable<string> Problems(string connectionString, string settingName)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            yield return PasswordProblem(settingName);
        }

        if (FileOf(builder) is not { } file)
        {
            yield break;
        }

        if (Directory.Exists(file))
        {
            yield return $"{settingName} names {file}, which is a directory: name the database file, e.g. Data Source={Path.Combine(file, "baton.db")}";
        }
        else if (Path.GetDirectoryName(file) is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            yield return $"{settingName} names the database {file}, but its directory {directory} does not exist: create it, or fix the path";
        }
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_createDirectory && !_directoryReady && FilePath is not null)
        {
            CreateDirectory();
        }

        var connection = new SqliteConnection(_connectionString);
        var ready = false;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            ready = true;
            return connection;
        }
        finally
        {
            if (!ready)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until no other writer of this process is writing to the database; dispose the result, after the write's
    /// connection, to let the next one in.
    /// </summary>
    /// <remarks>
    /// SQLite has one writer at a time. Writers of one process that race for it lose to each other inside SQLite's busy
    /// handler, which sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, so a write could wait tens of milliseconds after the
    /// lock was free. Queued here, the next writer starts as soon as the last one commits; busy_timeout still settles
    /// contention with other processes.
    /// </remarks>
    public override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteLease(_writeGate);
    }

    public override MetadataFailureKind Classify(DbException error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } => MetadataFailureKind.Busy,
        SqliteException { SqliteErrorCode: SqliteReadOnly } => MetadataFailureKind.ReadOnly,
        SqliteException { SqliteErrorCode: SqliteCantOpen } => MetadataFailureKind.CannotOpen,
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } => MetadataFailureKind.UniqueViolation,
        _ => MetadataFailureKind.Other,
    };

    public override string Describe(MetadataFailureKind kind, DbException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return kind switch
        {
            MetadataFailureKind.Busy =>
                $"The metadata database {DisplayName} is locked by another process, which held it for longer than the busy timeout ({TimeoutSeconds} s). " +
                $"Let that process finish (or stop it) and run the command again; to wait longer, set Default Timeout=<seconds> in {_settingName}.",
            MetadataFailureKind.ReadOnly when _readOnlyMode =>
                $"The metadata database {DisplayName} is opened read-only (Mode=ReadOnly in {_settingName}) and this command writes to it: remove Mode=ReadOnly.",
            MetadataFailureKind.ReadOnly =>
                $"The metadata database {DisplayName} is read-only: make the file and its directory {DirectoryOf(FilePath)} writable for this user, or point {_settingName} at a writable place.",
            MetadataFailureKind.CannotOpen => CannotOpen(),
            _ => $"The metadata database {DisplayName} failed: {OneLine(error.Message)}",
        };
    }

    private string CannotOpen()
    {
        if (FilePath is not { } file)
        {
            return $"The in-memory metadata database cannot be opened ({_settingName}).";
        }

        var directory = DirectoryOf(file);
        if (Directory.Exists(file))
        {
            return $"The metadata database {file} is a directory, not a file: point {_settingName} at a file, e.g. Data Source={Path.Combine(file, "baton.db")}.";
        }

        if (!Directory.Exists(directory))
        {
            return $"The directory {directory} of the metadata database {file} does not exist: create it, or fix {_settingName}.";
        }

        return File.Exists(file)
            ? $"The metadata database {file} cannot be opened: check that the file and its directory {directory} can be read and written by this user ({_settingName})."
            : $"The metadata database {file} cannot be created: check that its directory {directory} is writable by this user, or point {_settingName} at a writable place.";
    }

    private void CreateDirectory()
    {
        var directory = DirectoryOf(FilePath);
        try
        {
            Directory.CreateDirectory(directory);
            _directoryReady = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MetadataStoreException(MetadataFailureKind.CannotOpen,
                $"The directory {directory} of the metadata database cannot be created ({OneLine(e.Message)}): fix {_settingName}, or create the directory.", e);
        }
    }

    private static string PasswordProblem(string settingName) =>
        $"{settingName} sets a password (the Password keyword), but Baton's SQLite has no encryption, so the database could not be opened: " +
        "remove the password and protect the database file with file permissions instead";

    /// <summary>The absolute path of the database file, or null when the data source is not a plain file (memory, a URI).</summary>
    private static string? FileOf(SqliteConnectionStringBuilder builder)
    {
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(source);
    }

    private static string DirectoryOf(string? file) => file is null ? "" : Path.GetDirectoryName(file) ?? file;

    private static bool SetsAny(string connectionString, string[] keywords)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class WriteLease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
