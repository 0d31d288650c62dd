using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Baton.Metadata.Sqlite;

/// <summary>Opens connections to the SQLite metadata database with the pragmas every connection needs.</summary>
[SuppressMessage("Design", "CA1001", Justification = "The write gate's SemaphoreSlim holds no wait handle (AvailableWaitHandle is never read), so there is nothing to dispose.")]
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Writers from parallel tasks wait for each other instead of failing with SQLITE_BUSY.
            DefaultTimeout = 60,
            Pooling = true,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    /// <summary>The database file.</summary>
    public string DataSource { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
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
    public async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteLease(_writeGate);
    }

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
