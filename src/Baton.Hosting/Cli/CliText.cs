using System.Globalization;
using System.Text;

namespace Baton.Hosting.Cli;

/// <summary>
/// Makes text safe to print on a terminal: control characters (ESC, BEL, CR, …), DEL and the Unicode bidirectional
/// overrides an id or a message may carry are shown as <c>\u001b</c>-style escapes, so nothing a user typed (or a file
/// held) can move the cursor, recolour the terminal, hide text or split one line into two.
/// </summary>
internal static class CliText
{
    /// <summary>The text with every unsafe character escaped; a line break too, so one message stays one line.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
        {
            return text ?? "";
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and isolates.</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u200e' or '\u200f' or '\u061c';
}
