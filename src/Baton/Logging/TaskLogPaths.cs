using System.Globalization;
using System.Text;

namespace Baton.Logging;

/// <summary>
/// Where each try's log lives: <c>{logs}/dag_id=…/run_id=…/task_id=…[/map_index=…]/attempt=N.log</c>, as in Airflow,
/// with every id escaped so that none can leave the logs directory.
/// </summary>
internal static class TaskLogPaths
{
    /// <summary>The log file of one try.</summary>
    public static string For(string logsDirectory, string dagId, string runId, string taskId, int mapIndex, int tryNumber)
    {
        var parts = new List<string>
        {
            logsDirectory, "dag_id=" + Escape(dagId), "run_id=" + Escape(runId), "task_id=" + Escape(taskId),
        };
        if (mapIndex >= 0)
        {
            parts.Add("map_index=" + mapIndex.ToString(CultureInfo.InvariantCulture));
        }

        parts.Add($"attempt={tryNumber.ToString(CultureInfo.InvariantCulture)}.log");
        return Path.Combine([.. parts]);
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
