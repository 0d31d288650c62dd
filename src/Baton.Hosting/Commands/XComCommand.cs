using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Baton.Configuration;
using Baton.Hosting.Cli;
using Baton.Serialization;
using Baton.XComs;
using Baton.XComs.Objects;
using Baton.XComs.Pipeline;

namespace Baton.Hosting.Commands;

/// <summary><c>xcom list|get|delete|sweep|inspect</c>.</summary>
internal static class XComCommand
{
    private const long PrettyPrintLimit = 1024 * 1024;
    private const int PreviewRows = 10;

    // Relaxed escaping: the output is for reading in a terminal, so "+00:00" stays "+00:00".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context)
    {
        var command = new Command("xcom", "Inspect and manage the values tasks handed to each other");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Get(context));
        command.Subcommands.Add(Delete(context));
        command.Subcommands.Add(Sweep(context));
        command.Subcommands.Add(Inspect(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var dagId = new Option<string?>("--dag-id", "-d") { Description = "Only this DAG" };
        var runId = new Option<string?>("--run-id", "-r") { Description = "Only this run" };
        var taskId = new Option<string?>("--task-id", "-t") { Description = "Only this task" };
        var command = new Command("list", "List XComs with where and how each is stored") { dagId, runId, taskId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var xcoms = context.Get<XComService>();
            var rows = await xcoms.ListAsync(new XComFilter { DagId = parse.GetValue(dagId), RunId = parse.GetValue(runId), TaskId = parse.GetValue(taskId) }, ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["dag_id", "run_id", "task_id", "map_index", "key", "storage", "size", "format", "compression", "location", "value"],
                rows.Select(r => new[]
                {
                    r.Key.DagId, r.Key.RunId, r.Key.TaskId, r.Key.MapIndex.ToString(CultureInfo.InvariantCulture), r.Key.Key,
                    r.Payload.Storage == XComStorage.Inline ? "inline" : "object", r.Payload.Size.ToString(CultureInfo.InvariantCulture),
                    r.Payload.Format, r.Payload.Compression, r.Payload.Location ?? "", r.Payload.Storage == XComStorage.Inline ? xcoms.Describe(r) : "",
                }));
            return 0;
        }));
        return command;
    }

    private static Command Get(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var runId = new Argument<string>("run_id") { Description = "The run's id" };
        var taskId = new Argument<string>("task_id") { Description = "The task's id" };
        var key = new Option<string>("--key", "-k") { Description = "The key", DefaultValueFactory = _ => XComKey.ReturnValueKey };
        var mapIndex = new Option<int>("--map-index", "-m") { Description = "The element of a mapped task", DefaultValueFactory = _ => -1 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the value's bytes (as serialized: JSON text, raw bytes, …) to this file" };
        var command = new Command("get", "Print an XCom's value (JSON pretty-printed), or stream its bytes to a file, from the database or the store") { dagId, runId, taskId, key, mapIndex, output };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var xcomKey = new XComKey(parse.GetValue(dagId)!, parse.GetValue(runId)!, parse.GetValue(taskId)!, parse.GetValue(mapIndex), parse.GetValue(key)!);
            var (record, bytes) = await context.Get<XComService>().OpenSerializedAsync(xcomKey, ct).ConfigureAwait(false);
            await using (bytes.ConfigureAwait(false))
            {
                await WriteValueAsync(context, record, bytes, parse.GetValue(output), ct).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var runId = new Option<string?>("--run-id", "-r") { Description = "Only this run" };
        var taskId = new Option<string?>("--task-id", "-t") { Description = "Only this task" };
        var key = new Option<string?>("--key", "-k") { Description = "Only this key" };
        var mapIndex = new Option<int?>("--map-index", "-m") { Description = "Only this map index" };
        var yes = CliOptions.Yes();
        var command = new Command("delete", "Delete XComs and their stored objects") { dagId, runId, taskId, key, mapIndex, yes };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var filter = new XComFilter { DagId = parse.GetValue(dagId), RunId = parse.GetValue(runId), TaskId = parse.GetValue(taskId), Key = parse.GetValue(key), MapIndex = parse.GetValue(mapIndex) };
            var xcoms = context.Get<XComService>();
            var count = (await xcoms.ListAsync(filter, ct).ConfigureAwait(false)).Count;
            if (!context.Confirm($"You are about to delete {count} XCom(s) of DAG {filter.DagId} and their stored objects.", parse.GetValue(yes)))
            {
                return 1;
            }

            var deleted = await xcoms.DeleteAsync(filter, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Deleted {deleted} XCom(s).");
            return 0;
        }));
        return command;
    }

    private static Command Sweep(CliContext context)
    {
        var grace = new Option<string>("--grace") { Description = "Keep unreferenced objects younger than this (e.g. 1h, 30m, 7d)", DefaultValueFactory = _ => "1h" };
        var dryRun = CliOptions.DryRun();
        var command = new Command("sweep", "Delete stored objects under BATON__XCOM__PATH that no XCom row references and that are older than the grace period") { grace, dryRun };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var period = CliParsing.Duration(parse.GetValue(grace)!, "--grace");
            SweepReport? report;
            using (var progress = CliProgress.For(context))
            {
                report = await progress.WhileAsync("Sweeping the store:", () => context.Get<XComService>().SweepOrphansAsync(period, parse.GetValue(dryRun), ct)).ConfigureAwait(false);
            }

            if (report is null)
            {
                context.Output.WriteLine("Nothing to sweep: the XCom backend keeps every value in the database.");
                return 0;
            }

            foreach (var location in report.Deleted)
            {
                context.Output.WriteLine($"{(report.DryRun ? "would delete" : "deleted")} {CliText.Escape(location)}");
            }

            foreach (var upload in report.IncompleteUploadsAborted)
            {
                context.Output.WriteLine($"{(report.DryRun ? "would abort" : "aborted")} {CliText.Escape(upload.ToString())}");
            }

            context.Output.WriteLine(
                $"Scanned {report.Scanned} object(s): {report.Referenced} referenced, {report.Deleted.Count} orphan(s) {(report.DryRun ? "to delete (dry run)" : "deleted")}, " +
                $"{report.TooYoung.Count} orphan(s) younger than {period} kept; {report.IncompleteUploadsAborted.Count} incomplete upload(s) " +
                $"{(report.DryRun ? "to abort" : "aborted")}, {report.IncompleteUploadsTooYoung.Count} active within {period} kept.");
            if (report.Foreign.Count > 0)
            {
                context.Output.WriteLine(
                    $"Skipped {report.Foreign.Count} object(s) this Baton installation did not write (never deleted): " +
                    string.Join(", ", report.Foreign.Take(5).Select(f => CliText.Escape(f))) + (report.Foreign.Count > 5 ? ", …" : ""));
            }

            foreach (var note in report.Notes)
            {
                context.Output.WriteLine(note);
            }

            return 0;
        }));
        return command;
    }

    private static Command Inspect(CliContext context)
    {
        var location = new Argument<string>("location") { Description = "The object's URL, as `xcom list` shows it" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the value's bytes to this file" };
        var command = new Command("inspect", "Describe and read an XCom object straight from its store, by its own manifest, without the metadata database") { location, output };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var inspector = context.Get<XComObjectInspector>();
            var url = parse.GetValue(location)!;
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new CliUsageException("give the object's location, as `xcom list` shows it (e.g. file:///var/baton/xcom/…/return_value.json)");
            }

            var manifest = await inspector.ReadManifestAsync(url, ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["field", "value"],
            [
                ["dag_id", manifest.DagId], ["run_id", manifest.RunId], ["task_id", manifest.TaskId],
                ["map_index", manifest.MapIndex.ToString(CultureInfo.InvariantCulture)], ["key", manifest.Key], ["format", manifest.Format],
                ["compression", manifest.Compression], ["size", manifest.Size.ToString(CultureInfo.InvariantCulture)], ["checksum", manifest.Checksum],
                ["created_at", CliParsing.Time(manifest.CreatedAt)], ["location", manifest.Location],
            ]);
            var bytes = await inspector.OpenAsync(manifest, url, ct).ConfigureAwait(false);
            await using (bytes.ConfigureAwait(false))
            {
                var record = manifest.ToRecord();
                await WriteValueAsync(context, record with { Payload = record.Payload with { Location = url } }, bytes, parse.GetValue(output), ct).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Streams a value's bytes to a file, or prints them: JSON pretty-printed when small, text as it is, binary as a summary.
    /// Bytes the decompressor cannot decode are reported as corruption (a checksum mismatch when the stored bytes are damaged).
    /// </summary>
    private static async Task WriteValueAsync(CliContext context, XComRecord record, Stream bytes, string? outputFile, CancellationToken cancellationToken)
    {
        try
        {
            if (outputFile is not null)
            {
                // The stored size is the size written only when nothing was compressed; otherwise the total is unknown.
                var total = record.Payload.Compression == "none" ? record.Payload.Size : (long?)null;
                await WriteFileAsync(context, record.Payload.Format, total, bytes, outputFile, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PrintAsync(context, record.Payload.Format, record.Payload.Size, bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DecodeGuardStream.DecodeException e)
        {
            await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
            throw SerializedValue.Undecodable(record, e);
        }
    }

    /// <summary>
    /// Writes the bytes to a temporary file beside <paramref name="outputFile"/> and moves it into place only once the size and
    /// checksum were verified: a damaged value leaves no file, and an existing file as it was.
    /// </summary>
    private static async Task WriteFileAsync(CliContext context, string format, long? total, Stream bytes, string outputFile, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(outputFile);
        if (Directory.Exists(target) || Path.EndsInDirectorySeparator(outputFile))
        {
            throw new CliUsageException($"--output {outputFile} is a directory; give the path of a file to write");
        }

        if (Path.GetDirectoryName(target) is { } directory && !Directory.Exists(directory))
        {
            throw new CliUsageException($"--output {outputFile}: its directory does not exist; create it first");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        FileStream file;
        try
        {
            file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot write --output {outputFile}: {e.Message}", e);
        }

        var moved = false;
        try
        {
            long written;
            await using (file.ConfigureAwait(false))
            {
                using (var progress = CliProgress.For(context))
                {
                    var buffer = new byte[1 << 20];
                    long copied = 0;
                    int read;
                    while ((read = await bytes.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        copied += read;
                        progress.Report($"Writing {progress.Bytes(copied, total)}");
                    }
                }


                await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                written = file.Length;
            }

            File.Move(temporary, target, overwrite: true);
            moved = true;
            await context.Error.WriteLineAsync($"Wrote {written} bytes ({format}) to {CliText.Escape(SecretText.Mask(outputFile))}").ConfigureAwait(false);
        }
        finally
        {
            if (!moved)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Reads what the decompressor left of the stored bytes, so their size and checksum are checked even when the value
    /// ended before them (a compressed frame can end before the stored bytes do).
    /// </summary>
    private static Task VerifyToEndAsync(Stream bytes, CancellationToken cancellationToken) => SerializedValue.VerifyToEndAsync(bytes, cancellationToken);

    /// <summary>Prints a value: JSON pretty-printed when small, text as it is, binary as a summary.</summary>
    private static async Task PrintAsync(CliContext context, string format, long storedSize, Stream bytes, CancellationToken cancellationToken)
    {
        if (format == JsonXComSerializer.FormatName && storedSize <= PrettyPrintLimit)
        {
            JsonElement value;
            try
            {
                value = await JsonSerializer.DeserializeAsync<JsonElement>(bytes, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                // Damaged bytes are the likelier cause; if the checksum fails, that is what is reported.
                await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
                throw new XComCorruptedException($"The stored {format} value is not valid JSON: {e.Message}", e);
            }

            await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(JsonSerializer.Serialize(value, Indented));
            return;
        }

        if (format == JsonXComSerializer.FormatName)
        {
            using var reader = new StreamReader(bytes, Encoding.UTF8, leaveOpen: true);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await context.Output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine();
            return;
        }

        // Tables (Parquet, Arrow) and other formats whose serializer can describe them: schema and first rows.
        if (context.Get<XComSerializerRegistry>().ForFormat(format) is IXComValuePreviewer previewer)
        {
            string preview;
            try
            {
                preview = await previewer.PreviewAsync(bytes, PreviewRows, cancellationToken).ConfigureAwait(false);
            }
            catch (CorruptSerializedValueException e)
            {
                await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
                throw new XComCorruptedException($"The stored {format} value cannot be read: {e.Message}", e);
            }

            await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(preview);

            context.Output.WriteLine("(use --output FILE to save the value)");
            return;
        }

        // Binary values are not written to a terminal; reading them to the end still checks their checksum.
        long total = 0;
        var chunk = new byte[1 << 16];
        int n;
        var head = new List<byte>();
        while ((n = await bytes.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            head.AddRange(chunk.Take(Math.Max(0, Math.Min(n, 32 - head.Count))));
            total += n;
        }

        await VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
        context.Output.WriteLine($"<{format}: {total} bytes, checksum verified; first bytes {Convert.ToHexString([.. head])}; use --output FILE to save it>");
    }
}
