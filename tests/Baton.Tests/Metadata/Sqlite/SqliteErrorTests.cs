using Baton.Configuration;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Metadata.Sqlite;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.Metadata.Sqlite;

/// <summary>
/// What a user reads when the SQLite database cannot do what a command asks: one line naming the file and what to do,
/// as a <see cref="MetadataStoreException"/> of the right kind, never SQLite's bare result code.
/// </summary>
public sealed class SqliteErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("baton-sqlite-errors-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string File => Path.Combine(_directory, "baton.db");

    private static readonly DagRecord Dag = new() { DagId = "d", LastSeenAt = DateTimeOffset.UnixEpoch };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static SqlMetadataStore Store(string connectionString, bool createDirectory = false) =>
        new(new SqliteDialect(connectionString, createDirectory), TimeProvider.System);

    private async Task<SqlMetadataStore> MigratedAsync(string? connectionString = null)
    {
        var store = Store(connectionString ?? $"Data Source={File}");
        await store.MigrateAsync(Ct);
        return store;
    }

    private static void AssertOneLine(MetadataStoreException error, MetadataFailureKind kind, params string[] mentions)
    {
        Assert.Equal(kind, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.IsType<SqliteException>(error.InnerException);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheLockPastTheBusyTimeout_SaysWhichFileIsLockedAndHowToWaitLonger()
    {
        var store = await MigratedAsync($"Data Source={File};Default Timeout=1");
        await using var holder = new SqliteConnection($"Data Source={File};Pooling=False");
        await holder.OpenAsync(Ct);
        await using var hold = holder.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE";
        await hold.ExecuteNonQueryAsync(Ct);

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => store.UpsertDagAsync(Dag, Ct));

        AssertOneLine(error, MetadataFailureKind.Busy, File, "locked by another process", "(1 s)", "Default Timeout=<seconds> in BATON__DATABASE__CONNECTION_STRING");
        Assert.True(error.IsRetryable);
        Assert.Empty(await store.ListDagsAsync(Ct));
    }

    [Fact]
    public async Task Write_ToADatabaseOpenedReadOnly_SaysSoAndNamesTheSetting()
    {
        await MigratedAsync();
        var store = Store($"Data Source={File};Mode=ReadOnly");

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => store.UpsertDagAsync(Dag, Ct));

        AssertOneLine(error, MetadataFailureKind.ReadOnly, File, "Mode=ReadOnly in BATON__DATABASE__CONNECTION_STRING");
        Assert.False(error.IsRetryable);
        Assert.Empty(await store.ListDagsAsync(Ct));
    }

    [Fact]
    public async Task Write_ToAReadOnlyDatabaseFile_NamesTheFileAndItsDirectory()
    {
        var store = await MigratedAsync();
        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyPath.TryCreate(File, out var whyNot);
        Assert.SkipWhen(readOnly is null, whyNot);

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => store.UpsertDagAsync(Dag, Ct));

        AssertOneLine(error, MetadataFailureKind.ReadOnly, $"The metadata database {File} is read-only", $"its directory {_directory} writable");
    }

    [Fact]
    public async Task Open_InAReadOnlyDirectory_SaysTheDatabaseCannotBeCreatedThere()
    {
        var home = Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName;
        var file = Path.Combine(home, "baton.db");
        using var readOnly = ReadOnlyPath.TryCreate(home, out var whyNot);
        Assert.SkipWhen(readOnly is null, whyNot);

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => Store($"Data Source={file}", createDirectory: true).MigrateAsync(Ct));

        AssertOneLine(error, MetadataFailureKind.CannotOpen, $"The metadata database {file} cannot be created", $"directory {home} is writable");
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Open_OfADirectory_SaysItIsADirectoryAndSuggestsAFileInIt()
    {
        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => Store($"Data Source={_directory}").MigrateAsync(Ct));

        AssertOneLine(error, MetadataFailureKind.CannotOpen, $"{_directory} is a directory", $"Data Source={Path.Combine(_directory, "baton.db")}");
    }

    [Fact]
    public async Task Open_OfAConfiguredFileWhoseDirectoryIsMissing_SaysSoAndCreatesNothing()
    {
        var missing = Path.Combine(_directory, "missing", "deeper");
        var file = Path.Combine(missing, "baton.db");

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => Store($"Data Source={file}").MigrateAsync(Ct));

        AssertOneLine(error, MetadataFailureKind.CannotOpen, $"The directory {missing} of the metadata database {file} does not exist");
        Assert.False(Directory.Exists(Path.Combine(_directory, "missing")));
    }

    [Fact]
    public async Task Open_OfTheDefaultDatabase_CreatesItsMissingHome()
    {
        var file = Path.Combine(_directory, "new-home", "baton.db");

        await Store($"Data Source={file}", createDirectory: true).MigrateAsync(Ct);

        Assert.True(System.IO.File.Exists(file));
    }

    [Fact]
    public async Task Open_WhenTheHomeCannotBeCreated_NamesTheDirectory()
    {
        var blocker = Path.Combine(_directory, "a-file");
        await System.IO.File.WriteAllTextAsync(blocker, "x", Ct);
        var file = Path.Combine(blocker, "home", "baton.db");

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => Store($"Data Source={file}", createDirectory: true).MigrateAsync(Ct));

        Assert.Equal(MetadataFailureKind.CannotOpen, error.Kind);
        Assert.StartsWith($"The directory {Path.Combine(blocker, "home")} of the metadata database cannot be created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithAPassword_RefusesWithoutShowingIt()
    {
        var error = Assert.Throws<MetadataStoreException>(() => new SqliteDialect($"Data Source={File};Password=hunter2"));

        Assert.Contains("BATON__DATABASE__CONNECTION_STRING sets a password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source={file};Password=hunter2", "BATON__DATABASE__CONNECTION_STRING sets a password (the Password keyword), but Baton's SQLite has no encryption")]
    [InlineData("Data Source={dir}", "BATON__DATABASE__CONNECTION_STRING names {dir}, which is a directory: name the database file, e.g. Data Source={dir}/baton.db")]
    [InlineData("Data Source={dir}/missing/baton.db", "BATON__DATABASE__CONNECTION_STRING names the database {dir}/missing/baton.db, but its directory {dir}/missing does not exist")]
    public void SettingsCheck_RefusesWhatSqliteCannotOpen_NamingTheVariableNotThePassword(string connectionString, string expected)
    {
        string Fill(string text) => text.Replace("{file}", File, StringComparison.Ordinal).Replace("{dir}", _directory, StringComparison.Ordinal);

        var result = new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = Fill(connectionString) });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(Fill(expected), failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsCheck_AcceptsAFileInAnExistingDirectoryAndInMemoryDatabases()
    {
        foreach (var connectionString in new[] { $"Data Source={File}", $"Data Source={File};Default Timeout=5", "Data Source=:memory:", "Data Source=x;Mode=Memory" })
        {
            Assert.True(new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { ConnectionString = connectionString }).Succeeded, connectionString);
        }
    }
}
