using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Baton.Benchmarks.Stores;

/// <summary>
/// Runs one store's rows of the stores scenario in a child process (this program again, with the same arguments) and
/// reads back the rows it measured, so each store's working-set figures start from a fresh process.
/// </summary>
internal static class StoreProcess
{
    /// <summary>Set in a child: the one store whose rows it runs.</summary>
    public const string StoreVariable = "BATON_BENCH_STORE";

    /// <summary>Set in a child: the file it writes its rows to, as JSON.</summary>
    public const string RowsFileVariable = "BATON_BENCH_STORE_ROWS";

    /// <summary>Runs the scenario for <paramref name="store"/> in a child process; returns its table rows.</summary>
    /// <exception cref="InvalidOperationException">The child failed.</exception>
    public static async Task<string[][]> RunAsync(string store, TextWriter? progress, CancellationToken cancellationToken)
    {
        var rowsFile = Path.Combine(Path.GetTempPath(), $"baton-bench-{Environment.ProcessId}-{store}.json");
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under `dotnet Baton.Benchmarks.dll` the process is dotnet, and the assembly is its first argument.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in Environment.GetCommandLineArgs().Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[StoreVariable] = store;
        start.Environment[RowsFileVariable] = rowsFile;
        progress?.WriteLine($"  {store}: in a process of its own");
        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {store} benchmark process");
            // Its table is read from the rows file; its standard output is drained so it never blocks on a full pipe.
            var output = child.StandardOutput.ReadToEndAsync(cancellationToken);
            await child.WaitForExitAsync(cancellationToken);
            await output;
            if (child.ExitCode != 0 || !File.Exists(rowsFile))
            {
                throw new InvalidOperationException($"the {store} benchmark process failed (exit code {child.ExitCode}); its errors are above");
            }

            return JsonSerializer.Deserialize<string[][]>(await File.ReadAllTextAsync(rowsFile, cancellationToken))
                ?? throw new InvalidOperationException($"the {store} benchmark process wrote no rows");
        }
        finally
        {
            File.Delete(rowsFile);
        }
    }

    /// <summary>In a child: writes the measured rows where the parent reads them.</summary>
    public static void WriteRows(ResultTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Environment.GetEnvironmentVariable(RowsFileVariable) is { } path)
        {
            File.WriteAllText(path, JsonSerializer.Serialize(table.Rows));
        }
    }
}
