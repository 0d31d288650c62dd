using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Runs;
using Baton.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Web;

/// <summary>
/// The web scenario's metadata database: <see cref="DagCount"/> DAGs × <see cref="RunsPerDag"/> daily runs × ten tasks
/// (1M task instances, 1M XCom rows). Filled once per schema and kept under <c>{temp}/baton-bench-web-cache/{schema key}</c>,
/// so a rerun copies a file instead of filling again; a new migration (or a change to this generator) changes the key.
/// </summary>
/// <remarks>
/// The rows are copies of one real run: <c>dags test</c> of <c>web_000</c> through Baton writes a run, its task instances
/// and their XComs; their rows are read back and inserted again with other DAG ids, run ids, dates and states, by
/// prepared statements in one transaction per DAG. So every column holds what Baton itself writes (formats, checksums),
/// and the schema is the one the migrations make. No <c>ANALYZE</c>: Baton never runs it, so neither does the copy it serves.
/// </remarks>
internal static class WebDatabase
{
    public const int DagCount = 100;

    public const int RunsPerDag = 1000;

    /// <summary>Changes the cache key when the rows this class writes change.</summary>
    private const int GeneratorVersion = 4;

    /// <summary>The first logical date; run r of every DAG is this date plus r days.</summary>
    public static readonly DateTimeOffset FirstDate = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Where filled databases are kept between runs of the benchmark.</summary>
    public static string CacheRoot => Path.Combine(Path.GetTempPath(), "baton-bench-web-cache");

    /// <summary>The newest migration's version, and a hash of all the migrations and of this generator.</summary>
    public static string SchemaKey()
    {
        var migrations = Migration.Load(typeof(Migration).Assembly, "migrations/sqlite/");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", migrations.Select(m => m.Name + "\n" + m.Sql)) + $"\ngenerator {GeneratorVersion}, {DagCount}x{RunsPerDag}"));
        return string.Create(CultureInfo.InvariantCulture, $"schema-{migrations[^1].Version:D4}-{Convert.ToHexStringLower(hash)[..12]}");
    }

    /// <summary>Logical date of run <paramref name="run"/> (0 = the oldest).</summary>
    public static DateTimeOffset LogicalDate(int run) => FirstDate.AddDays(run);

    /// <summary>The run id of run <paramref name="run"/>, as the scheduler names it.</summary>
    public static string RunId(int run) => RunIds.Generate(DagRunType.Scheduled, LogicalDate(run));

    /// <summary>Every 50th run (from the 8th) failed: its t05 failed and the tasks after it are upstream_failed.</summary>
    public static bool Failed(int run) => run % 50 == 7;

    /// <summary>The cached database for the current schema, filled first when there is none.</summary>
    /// <param name="settings">The settings the scenario serves with (BATON_HOME is set here).</param>
    /// <param name="dags">The DAGs.</param>
    /// <param name="progress">Where to say what happens.</param>
    /// <param name="cancellationToken">Cancels the fill.</param>
    public static async Task<string> EnsureAsync(IReadOnlyDictionary<string, string> settings, DagBag dags, TextWriter? progress, CancellationToken cancellationToken)
    {
        var file = Path.Combine(CacheRoot, SchemaKey(), "baton.db");
        if (File.Exists(file))
        {
            progress?.WriteLine($"  using the filled database {file} ({new FileInfo(file).Length / (1024 * 1024)} MB)");
            return file;
        }

        var home = Path.Combine(CacheRoot, $"filling-{Environment.ProcessId}");
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }

        Directory.CreateDirectory(home);
        try
        {
            var started = Stopwatch.StartNew();
            var database = await FillAsync(home, settings, dags, cancellationToken);
            // Databases of other schemas are stale: they go, so the cache holds one database, not one per migration ever made.
            foreach (var stale in Directory.EnumerateDirectories(CacheRoot, "schema-*"))
            {
                Directory.Delete(stale, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Move(database, file);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  filled {DagCount} DAGs x {RunsPerDag} runs x {WebDag.TaskCount} tasks in {started.Elapsed.TotalSeconds:F1} s: {file} ({new FileInfo(file).Length / (1024 * 1024)} MB)"));
            return file;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<string> FillAsync(string home, IReadOnlyDictionary<string, string> settings, DagBag dags, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["BATON_HOME"] = home,
            ["BATON__XCOM__PATH"] = new Uri(Path.Combine(home, "xcoms")).AbsoluteUri,
        };
        var environment = BatonEnvironment.Create(home, variables);
        var templateDag = WebDag.Id(0);
        await using (var services = new ServiceCollection().AddBaton(environment, BatonSettings.Build(environment), dags).BuildServiceProvider())
        {
            await services.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken);
            await services.GetRequiredService<Scheduler>().SyncDagsAsync(cancellationToken);
            var template = await services.GetRequiredService<DagRunService>().TestAsync(dags.Get(templateDag), FirstDate, cancellationToken: cancellationToken);
            if (template.Run.State != DagRunState.Success)
            {
                throw new InvalidOperationException($"the template run of {templateDag} ended {template.Run.State}");
            }
        }

        var path = Path.Combine(home, "baton.db");
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(cancellationToken);
            // A file nobody else opens until it is complete: no journal, no syncs.
            await ExecuteAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;", cancellationToken);
            var run = await TemplateRowsAsync(connection, "dag_run", templateDag, cancellationToken);
            var instances = await TemplateRowsAsync(connection, "task_instance", templateDag, cancellationToken);
            var xcoms = await TemplateRowsAsync(connection, "xcom", templateDag, cancellationToken);
            if (run.Count != 1 || instances.Count != WebDag.TaskCount || xcoms.Count != WebDag.TaskCount)
            {
                throw new InvalidOperationException($"the template run has {run.Count} run rows, {instances.Count} task instances, {xcoms.Count} XComs");
            }

            await ExecuteAsync(connection, "DELETE FROM xcom; DELETE FROM task_instance; DELETE FROM dag_run;", cancellationToken);
            // The migrations' secondary indexes are dropped and made again once the rows are in: one sort instead of a
            // million scattered inserts. Their SQL is read back from the schema, so the file has exactly the migrations' indexes.
            var indexes = await SecondaryIndexesAsync(connection, cancellationToken);
            foreach (var (name, _) in indexes)
            {
                await ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken);
            }

            run[0].Remove("id");
            // Every column is bound once from the template; per row only the columns that change are set again.
            using var insertRun = Insert(connection, "dag_run", run[0]);
            using var insertInstances = new Commands(instances.Select(i => Insert(connection, "task_instance", i)));
            using var insertXComs = new Commands(xcoms.Select(x => Insert(connection, "xcom", x)));
            var runs = Enumerable.Range(0, RunsPerDag).Select(r => new RunRows(r)).ToArray();
            for (var d = 0; d < DagCount; d++)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                foreach (var command in insertInstances.Items.Concat(insertXComs.Items).Append(insertRun))
                {
                    command.Transaction = transaction;
                    command.Parameters["@dag_id"].Value = WebDag.Id(d);
                }

                foreach (var rows in runs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rows.Insert(insertRun, insertInstances.Items, insertXComs.Items);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            foreach (var (_, sql) in indexes)
            {
                await ExecuteAsync(connection, sql, cancellationToken);
            }

            await ExecuteAsync(connection, "PRAGMA journal_mode=DELETE;", cancellationToken);
        }

        return path;
    }

    private static SqliteCommand Insert(SqliteConnection connection, string table, Dictionary<string, object?> template)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", template.Keys)}) VALUES ({string.Join(", ", template.Keys.Select(c => "@" + c))})";
        foreach (var (name, value) in template)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, value ?? DBNull.Value));
        }

        return command;
    }

    private static async Task<List<(string Name, string Sql)>> SecondaryIndexesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('dag_run', 'task_instance', 'xcom') ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task<List<Dictionary<string, object?>>> TemplateRowsAsync(SqliteConnection connection, string table, string dagId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE dag_id = @dagId ORDER BY {(table == "dag_run" ? "id" : "task_id")}";
        command.Parameters.AddWithValue("@dagId", dagId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The values of one run's rows that differ from the template's (the same for every DAG), formatted once.</summary>
    private sealed class RunRows
    {
        private static readonly string[] RunColumns =
        [
            "run_id", "run_type", "logical_date", "data_interval_start", "data_interval_end", "state", "conf", "queued_at", "start_date", "end_date",
            "owner_token", "owner_pid", "owner_hostname", "owned_since",
        ];

        private static readonly string[] InstanceColumns = ["run_id", "state", "start_date", "end_date", "duration_ms", "try_number", "error"];

        private static readonly string[] XComColumns = ["run_id", "created_at"];

        private readonly object[] _run;
        private readonly object[][] _instances;
        private readonly object[] _xcom;

        public RunRows(int run)
        {
            var date = LogicalDate(run);
            var started = date.AddDays(1).AddSeconds(1);
            var failed = Failed(run);
            var runId = RunId(run);
            _run =
            [
                runId, "scheduled", DbTime.ToText(date), DbTime.ToText(date), DbTime.ToText(date.AddDays(1)), failed ? "failed" : "success", DBNull.Value,
                DbTime.ToText(date.AddDays(1)), DbTime.ToText(started), DbTime.ToText(started.AddSeconds(2 * WebDag.TaskCount)),
                DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value,
            ];
            _instances = [.. Enumerable.Range(0, WebDag.TaskCount).Select(task => Instance(runId, started.AddSeconds(2 * task), !failed || task < 5 ? "success" : task == 5 ? "failed" : "upstream_failed"))];
            _xcom = [runId, DbTime.ToText(started.AddSeconds(1))];
        }

        public void Insert(SqliteCommand run, IReadOnlyList<SqliteCommand> instances, IReadOnlyList<SqliteCommand> xcoms)
        {
            Execute(run, RunColumns, _run);
            for (var task = 0; task < WebDag.TaskCount; task++)
            {
                Execute(instances[task], InstanceColumns, _instances[task]);
                Execute(xcoms[task], XComColumns, _xcom);
            }
        }

        private static object[] Instance(string runId, DateTimeOffset started, string state)
        {
            var ran = state is "success" or "failed";
            return
            [
                runId, state, ran ? DbTime.ToText(started) : DBNull.Value, ran ? DbTime.ToText(started.AddSeconds(1.5)) : DBNull.Value,
                ran ? 1500.0 : DBNull.Value, ran ? 1 : 0, state == "failed" ? "InvalidOperationException: the warehouse did not answer" : DBNull.Value,
            ];
        }

        private static void Execute(SqliteCommand command, string[] columns, object[] values)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters["@" + columns[i]].Value = values[i];
            }

            command.ExecuteNonQuery();
        }
    }

    /// <summary>Prepared inserts disposed together.</summary>
    private sealed class Commands(IEnumerable<SqliteCommand> items) : IDisposable
    {
        public IReadOnlyList<SqliteCommand> Items { get; } = [.. items];

        public void Dispose()
        {
            foreach (var item in Items)
            {
                item.Dispose();
            }
        }
    }
}
