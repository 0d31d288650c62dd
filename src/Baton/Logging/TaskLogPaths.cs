using System.Globalization;
using System.Text;
using Baton.Storage;

namespace Baton.Logging;

/// <summary>
/// Where each try's log lives: <c>{logs}/dag_id=…/run_id=…/task_id=…[/map_index=…]/attempt=N.log</c>, as in Airflow,
/// with every id escaped so that none can leave the logs directory, and shortened so that every accepted id fits a file name.
/// </summary>
internal static class TaskLogPaths
{
    /// <summary>
    /// The longest escaped id kept whole in a directory name; a longer one is shortened to its first 160 characters,
    /// <c>%%</c> and a hash of the whole id, so a segment (<c>task_id=</c> + id) stays well under the 255 bytes a file name may have.
    /// </summary>
    public const int MaxSegmentIdLength = 200;

    private const int ShortenedReadableLength = 160;

    /// <summary>The log file of one try.</summary>
    public static string For(string logsDirectory, string dagId, string runId, string taskId, int mapIndex, int tryNumber)
    {
        var parts = new List<string>
        {
            logsDirectory, "dag_id=" + Segment(dagId), "run_id=" + Segment(runId), "task_id=" + Segment(taskId),
        };
        if (mapIndex >= 0)
        {
            parts.Add("map_index=" + mapIndex.ToString(CultureInfo.InvariantCulture));
        }

        parts.Add($"attempt={tryNumber.ToString(CultureInfo.InvariantCulture)}.log");
        return Path.Combine([.. parts]);
    }

    /// <summary>
    /// An id as one directory name: <see cref="Escape"/>d, and when that is longer than <see cref="MaxSegmentIdLength"/>,
    /// shortened as object keys are (<see cref="ObjectKeys.Segment"/>): readable prefix, <c>%%</c>, hash of the whole id.
    /// </summary>
    public static string Segment(string id)
    {
        var escaped = Escape(id);
        return escaped.Length <= MaxSegmentIdLength ? escaped : ObjectKeys.Shorten(escaped, id, ShortenedReadableLength, '%');
    }

    /// <summary>Percent-escapes every character except letters, digits and <c>_ - . : + ~</c>, so an id is one safe path segment.</summary>
    public static string Escape(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var builder = new StringBuilder(id.Length);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '+' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
