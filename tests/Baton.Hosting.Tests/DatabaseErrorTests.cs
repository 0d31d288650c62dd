using Baton.Hosting.Tests.Support;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Hosting.Tests;

/// <summary>
/// What a user sees when the metadata database is unusable: a locked, read-only or misplaced database, or a connection
/// string SQLite cannot honour. One line naming the database file (or the variable) and what to do, exit code 1, no
/// stack trace, no password.
/// </summary>
public sealed class DatabaseErrorTests : IDisposable
{
    private const string Variable = "BATON__DATABASE__CONNECTION_STRING";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string File => Path.Combine(_cli.Home, "baton.db");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<CliResult> RunAsync(string connectionString) =>
        _cli.RunAsync(["db", "migrate"], CancellationToken.None, new Dictionary<string, string> { [Variable] = connectionString });

    private static string OneErrorLine(CliResult result)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
        return Assert.Single(Lines(result.Error));
    }

    [Fact]
    public async Task DatabaseLockedByAnotherProcessPastTheBusyTimeout_NamesTheFileAndWhatToDo()
    {
        var first = await RunAsync($"Data Source={File}");
        Assert.True(first.ExitCode == 0, first.ToString());
        SqliteConnection.ClearAllPools();
        await using var holder = new SqliteConnection($"Data Source={File};Pooling=False");
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using (var hold = holder.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await RunAsync($"Data Source={File};Default Timeout=1");

        Assert.Equal(
            $"error: The metadata database {File} is locked by another process, which held it for longer than the busy timeout (1 s). " +
            $"Let that process finish (or stop it) and run the command again; to wait longer, set Default Timeout=<seconds> in {Variable}.",
            OneErrorLine(result));
    }

    [Fact]
    public async Task ReadOnlyDatabaseFile_NamesTheFile()
    {
        var first = await RunAsync($"Data Source={File}");
        Assert.True(first.ExitCode == 0, first.ToString());
        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyPath.TryCreate(File, out var whyNot);
        Assert.SkipWhen(readOnly is null, whyNot);

        var result = await RunAsync($"Data Source={File}");

        Assert.StartsWith($"error: The metadata database {File} is read-only: make the file and its directory {_cli.Home} writable", OneErrorLine(result));
    }

    [Fact]
    public async Task DatabaseOpenedReadOnly_SaysThatTheSettingMakesItReadOnly()
    {
        var first = await RunAsync($"Data Source={File}");
        Assert.True(first.ExitCode == 0, first.ToString());

        var result = await RunAsync($"Data Source={File};Mode=ReadOnly");

        Assert.Equal(
            $"error: The metadata database {File} is opened read-only (Mode=ReadOnly in {Variable}) and this command writes to it: remove Mode=ReadOnly.",
            OneErrorLine(result));
    }

    [Fact]
    public async Task ReadOnlyBatonHome_NamesTheDatabaseFileThatCannotBeCreated()
    {
        Directory.CreateDirectory(_cli.BatonHome);
        using var readOnly = ReadOnlyPath.TryCreate(_cli.BatonHome, out var whyNot);
        Assert.SkipWhen(readOnly is null, whyNot);

        var result = await _cli.RunAsync("db", "migrate");

        var line = OneErrorLine(result);
        Assert.StartsWith("error: ", line);
        Assert.Contains(_cli.BatonHome, line);
    }

    [Fact]
    public async Task ConnectionStringWithAPassword_IsRefusedAtStartByVariable_WithoutShowingThePassword()
    {
        var result = await RunAsync($"Data Source={File};Password=hunter2");

        Assert.StartsWith($"error: invalid setting: {Variable} sets a password (the Password keyword), but Baton's SQLite has no encryption", OneErrorLine(result));
        Assert.DoesNotContain("hunter2", result.Error + result.Output);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task ConnectionStringNamingADirectory_IsRefusedAtStart()
    {
        var result = await RunAsync($"Data Source={_cli.Home}");

        Assert.Equal(
            $"error: invalid setting: {Variable} names {_cli.Home}, which is a directory: name the database file, e.g. Data Source={Path.Combine(_cli.Home, "baton.db")}",
            OneErrorLine(result));
    }

    [Fact]
    public async Task ConnectionStringInAMissingDirectory_IsRefusedAtStart_AndTheDirectoryIsNotCreated()
    {
        var missing = Path.Combine(_cli.Home, "typo", "baton");

        var result = await RunAsync($"Data Source={missing}/baton.db");

        Assert.Equal(
            $"error: invalid setting: {Variable} names the database {missing}/baton.db, but its directory {missing} does not exist: create it, or fix the path",
            OneErrorLine(result));
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, "typo")));
    }
}
