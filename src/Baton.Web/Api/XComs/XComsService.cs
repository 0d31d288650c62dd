using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Metadata.Sql;
using Baton.Serialization;
using Baton.XComs;
using Baton.XComs.Pipeline;

namespace Baton.Web.Api.XComs;

/// <summary>
/// XComs for the API and the UI: paged listings with storage details, one entry with its value (JSON as JSON, a table
/// as its schema and first rows, read forward from the stored bytes), and the bytes as a stream for downloads. A missing
/// or damaged value is an error naming the XCom and its location (<see cref="XComNotFoundException"/>,
/// <see cref="XComCorruptedException"/>), never a partial value.
/// </summary>
internal sealed class XComsService(XComService xcoms, SqlMetadataQueries queries, XComSerializerRegistry serializers)
{
    /// <summary>The largest JSON value (stored bytes) shown inline; a larger one is offered as a download.</summary>
    public const long MaxInlineJson = 1024 * 1024;

    /// <summary>The largest decompressed JSON read for showing, whatever its stored size says (a small compressed value may inflate).</summary>
    public const int MaxInlineJsonDecoded = 4 * 1024 * 1024;

    /// <summary>The table rows shown unless asked otherwise, and the most that may be asked for.</summary>
    public const int DefaultRows = 20;

    /// <inheritdoc cref="DefaultRows"/>
    public const int MaxRows = 1000;

    /// <summary>One page of the XComs that match (null filter members match anything).</summary>
    public async Task<XComEntryCollectionJson> ListAsync(XComFilter filter, Paging paging, CancellationToken cancellationToken = default)
    {
        var page = await queries.ListXComsAsync(filter, paging.Limit, paging.Offset, cancellationToken).ConfigureAwait(false);
        return new XComEntryCollectionJson(page.Items.Select(XComEntryJson.From).ToList(), page.TotalEntries);
    }

    /// <summary>One XCom with its value, its table head (<paramref name="rows"/> rows), or a note and the download path.</summary>
    /// <param name="key">The XCom.</param>
    /// <param name="rows">How many rows of a table to return.</param>
    /// <param name="downloadPath">The API path of the download, given to values not shown inline.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="XComNotFoundException">No such XCom, or its object is missing.</exception>
    /// <exception cref="XComCorruptedException">Its bytes are damaged or cannot be read in their format.</exception>
    public async Task<XComEntryJson> GetAsync(XComKey key, int rows, string downloadPath, CancellationToken cancellationToken = default)
    {
        var record = await xcoms.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new XComNotFoundException(key, $"No XCom for {key}.");
        var entry = XComEntryJson.From(record) with { Download = downloadPath };
        var format = record.Payload.Format;
        var previewer = serializers.ForFormat(format) as IXComTablePreviewer;
        if (format == JsonXComSerializer.FormatName && record.Payload.Size > MaxInlineJson)
        {
            return entry with { Note = $"a JSON value of {record.Payload.Size} stored bytes is not shown inline (the limit is {MaxInlineJson}); download it" };
        }

        if (format != JsonXComSerializer.FormatName && previewer is null)
        {
            return entry with { Note = $"a {format} value is shown as bytes only; download it" };
        }

        var (_, bytes) = await xcoms.OpenSerializedAsync(key, cancellationToken).ConfigureAwait(false);
        await using (bytes.ConfigureAwait(false))
        {
            try
            {
                return previewer is null
                    ? entry with { Value = await ReadJsonAsync(record, bytes, cancellationToken).ConfigureAwait(false) }
                    : entry with { Table = await ReadTableAsync(record, previewer, bytes, rows, cancellationToken).ConfigureAwait(false) };
            }
            catch (DecodeGuardStream.DecodeException e)
            {
                await SerializedValue.VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
                throw SerializedValue.Undecodable(record, e);
            }
        }
    }

    /// <summary>The row and the serialized bytes (decompressed, checked as read) of an XCom, for a download.</summary>
    /// <exception cref="XComNotFoundException">No such XCom, or its object is missing.</exception>
    public Task<(XComRecord Record, Stream Bytes)> OpenAsync(XComKey key, CancellationToken cancellationToken = default) =>
        xcoms.OpenSerializedAsync(key, cancellationToken);

    private static async Task<JsonNode?> ReadJsonAsync(XComRecord record, Stream bytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await bytes.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxInlineJsonDecoded)
            {
                throw new XComCorruptedException(record.Key,
                    $"XCom {record.Key} decompresses to more than {MaxInlineJsonDecoded} bytes, more than its stored size of {record.Payload.Size} suggests; download it instead");
            }

            buffer.Write(chunk, 0, read);
        }

        await SerializedValue.VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw new XComCorruptedException(record.Key, $"XCom {record.Key}{Where(record)} is not valid JSON: {e.Message}", e);
        }
    }

    private static async Task<XComTableJson> ReadTableAsync(XComRecord record, IXComTablePreviewer previewer, Stream bytes, int rows, CancellationToken cancellationToken)
    {
        XComTablePreview preview;
        try
        {
            preview = await previewer.PreviewTableAsync(bytes, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (CorruptSerializedValueException e)
        {
            // Damaged bytes are the likelier cause: if the checksum fails, that is what is reported.
            await SerializedValue.VerifyToEndAsync(bytes, cancellationToken).ConfigureAwait(false);
            throw new XComCorruptedException(record.Key, $"XCom {record.Key}{Where(record)} cannot be read as {record.Payload.Format}: {e.Message}", e);
        }

        return new XComTableJson(preview.Columns.Select(c => new XComTableColumnJson(c.Name, c.Type, c.Nullable)).ToList(), preview.TotalRows, preview.Rows);
    }

    private static string Where(XComRecord record) => record.Payload.Location is { } location ? $" at '{location}'" : "";
}
