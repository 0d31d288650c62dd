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
    private const int GeneratorVersion = 1;

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
            await ExecuteAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;", cancellationToken);
            var run = await TemplateRowsAsync(connection, "dag_run", templateDag, cancellationToken);
            var instances = await TemplateRowsAsync(connection, "task_instance", templateDag, cancellationToken);
            var xcoms = await TemplateRowsAsync(connection, "xcom", templateDag, cancellationToken);
            if (run.Count != 1 || instances.Count != WebDag.TaskCount || xcoms.Count != WebDag.TaskCount)
            {
                throw new InvalidOperationException($"the template run has {run.Count} run rows, {instances.Count} task instances, {xcoms.Count} XComs");
            }

            await ExecuteAsync(connection, $"DELETE FROM xcom; DELETE FROM task_instance; DELETE FROM dag_run;", cancellationToken);
            run[0].Remove("id");
            using var insertRun = Insert(connection, "dag_run", run[0].Keys);
            using var insertInstance = Insert(connection, "task_instance", instances[0].Keys);
            using var insertXCom = Insert(connection, "xcom", xcoms[0].Keys);
            for (var d = 0; d < DagCount; d++)
            {
                var dagId = WebDag.Id(d);
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                insertRun.Transaction = insertInstance.Transaction = insertXCom.Transaction = transaction;
                for (var r = 0; r < RunsPerDag; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    AddRun(insertRun, run[0], dagId, r);
                    for (var t = 0; t < WebDag.TaskCount; t++)
                    {
                        AddInstance(insertInstance, instances[t], dagId, r, t);
                        AddXCom(insertXCom, xcoms[t], dagId, r);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }

            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;", cancellationToken);
        }

        return path;
    }

    private static void AddRun(SqliteCommand insert, Dictionary<string, object?> template, string dagId, int run)
    {
        var date = LogicalDate(run);
        var started = date.AddDays(1).AddSeconds(1);
        var values = new Dictionary<string, object?>(template, StringComparer.Ordinal)
        {
            ["dag_id"] = dagId, ["run_id"] = RunId(run), ["run_type"] = "scheduled", ["logical_date"] = DbTime.ToText(date),
            ["data_interval_start"] = DbTime.ToText(date), ["data_interval_end"] = DbTime.ToText(date.AddDays(1)),
            ["state"] = Failed(run) ? "failed" : "success", ["conf"] = null, ["queued_at"] = DbTime.ToText(date.AddDays(1)),
            ["start_date"] = DbTime.ToText(started), ["end_date"] = DbTime.ToText(started.AddSeconds(2 * WebDag.TaskCount)),
            ["owner_token"] = null, ["owner_pid"] = null, ["owner_hostname"] = null, ["owned_since"] = null,
        };
        Execute(insert, values);
    }

    private static void AddInstance(SqliteCommand insert, Dictionary<string, object?> template, string dagId, int run, int task)
    {
        var started = LogicalDate(run).AddDays(1).AddSeconds(1 + 2 * task);
        var state = !Failed(run) || task < 5 ? "success" : task == 5 ? "failed" : "upstream_failed";
        var ran = state is "success" or "failed";
        var values = new Dictionary<string, object?>(template, StringComparer.Ordinal)
        {
            ["dag_id"] = dagId, ["run_id"] = RunId(run), ["state"] = state,
            ["start_date"] = ran ? DbTime.ToText(started) : null, ["end_date"] = ran ? DbTime.ToText(started.AddSeconds(1.5)) : null,
            ["duration_ms"] = ran ? 1500.0 : null, ["try_number"] = ran ? 1 : 0,
            ["error"] = state == "failed" ? "InvalidOperationException: the warehouse did not answer" : null,
        };
        Execute(insert, values);
    }

    private static void AddXCom(SqliteCommand insert, Dictionary<string, object?> template, string dagId, int run)
    {
        var values = new Dictionary<string, object?>(template, StringComparer.Ordinal)
        {
            ["dag_id"] = dagId, ["run_id"] = RunId(run), ["created_at"] = DbTime.ToText(LogicalDate(run).AddDays(1).AddSeconds(2)),
        };
        Execute(insert, values);
    }

    private static void Execute(SqliteCommand insert, Dictionary<string, object?> values)
    {
        foreach (SqliteParameter parameter in insert.Parameters)
        {
            parameter.Value = values[parameter.ParameterName[1..]] ?? DBNull.Value;
        }

        insert.ExecuteNonQuery();
    }

    private static SqliteCommand Insert(SqliteConnection connection, string table, IEnumerable<string> columns)
    {
        var names = columns.ToList();
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(c => "@" + c))})";
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        }

        return command;
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
}
