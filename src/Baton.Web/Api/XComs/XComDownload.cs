using System.Text;
using Baton.XComs;
using Baton.XComs.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Baton.Web.Api.XComs;

/// <summary>
/// Streams a value's serialized bytes (decompressed, checked as they pass) as a download. The headers go first, so a
/// value found damaged at its end (size or checksum) cannot become a problem response any more: the connection is then
/// aborted, and the client sees a failed download rather than a file that looks complete.
/// </summary>
internal sealed class XComDownload(XComRecord record, Stream bytes) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        await using (bytes.ConfigureAwait(false))
        {
            var response = httpContext.Response;
            response.ContentType = ContentType(record.Payload.Format);
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = FileName(record) }.ToString();
            if (record.Payload.Compression == "none")
            {
                response.ContentLength = record.Payload.Size;
            }

            try
            {
                await bytes.CopyToAsync(response.Body, 1 << 18, httpContext.RequestAborted).ConfigureAwait(false);
                await SerializedValue.VerifyToEndAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BatonException or IOException)
            {
                httpContext.RequestServices.GetService<ILogger<XComDownload>>()?.LogWarning(
                    "Download of XCom {Key} at {Location} stopped: {Message}", record.Key, record.Payload.Location, e.Message);
                httpContext.Abort();
            }
        }
    }

    /// <summary>The file name offered: ids and key joined with dots, and the format's extension.</summary>
    public static string FileName(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Key;
        var name = new StringBuilder().Append(key.DagId).Append('.').Append(key.RunId).Append('.').Append(key.TaskId);
        if (key.MapIndex >= 0)
        {
            name.Append('.').Append(key.MapIndex);
        }

        var safe = new string(name.Append('.').Append(key.Key).ToString().Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
        return $"{safe}.{Extension(record.Payload.Format)}";
    }

    private static string Extension(string format) => format switch
    {
        "bytes" => "bin",
        _ => format,
    };

    private static string ContentType(string format) => format switch
    {
        "json" => "application/json",
        "parquet" => "application/vnd.apache.parquet",
        "arrow" => "application/vnd.apache.arrow.stream",
        _ => "application/octet-stream",
    };
}
