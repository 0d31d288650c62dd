using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Storage;

/// <summary>Builds and checks object keys so that no id can climb out of a prefix.</summary>
public static class ObjectKeys
{
    /// <summary>The longest segment <see cref="Segment"/> returns; longer escaped ids are shortened.</summary>
    public const int MaxSegmentLength = 96;

    private const int ShortenedReadableLength = 64;
    private const int ShortenedHashLength = 24;

    /// <summary>
    /// One key segment from an id: letters, digits, <c>_</c> and <c>-</c> stay, every other byte of its UTF-8 form becomes
    /// <c>~XX</c>; so <c>/</c>, <c>..</c>, spaces and unicode can neither split a segment nor climb out of a prefix. The
    /// escape is <c>~</c> rather than <c>%</c> so the key means the same inside a URL (no percent-decoding applies).
    /// </summary>
    /// <remarks>
    /// An escaped id longer than <see cref="MaxSegmentLength"/> (a 1,000-character key, a run id of 100 <c>:</c>) is
    /// shortened deterministically to its first escaped characters, <c>~~</c> and 24 hex digits of the SHA-256 of the whole
    /// id, so every key fits every store's limits (255 bytes per file name, 1024 per key); an escaped id never holds
    /// <c>~~</c>, so a shortened segment cannot equal another id's. The full ids stay in the manifest and the row.
    /// </remarks>
    public static string Segment(string id)
    {
        var escaped = Escape(id);
        return escaped.Length <= MaxSegmentLength ? escaped : Shorten(escaped, id, ShortenedReadableLength, '~');
    }

    /// <summary>
    /// Shortens an escaped id deterministically: its first <paramref name="readableLength"/> characters (never cutting an
    /// <c>{escape}XX</c> escape), two <paramref name="escape"/> characters, and 24 hex digits of the SHA-256 of the whole id.
    /// An escaped form never holds two escape characters in a row, so a shortened segment cannot equal another id's.
    /// </summary>
    /// <remarks>Shared by object keys (<c>~XX</c> escapes) and task log paths (<c>%XX</c> escapes).</remarks>
    internal static string Shorten(string escaped, string id, int readableLength, char escape)
    {
        var cut = Math.Min(readableLength, escaped.Length);
        // Never cut through an escape.
        var lastEscape = cut == 0 ? -1 : escaped.LastIndexOf(escape, cut - 1);
        if (lastEscape >= 0 && lastEscape > cut - 3)
        {
            cut = lastEscape;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..ShortenedHashLength];
        return escaped[..cut] + new string(escape, 2) + hash;
    }

    /// <summary>The escaped form of an id (see <see cref="Segment"/>), never shortened.</summary>
    public static string Escape(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var builder = new StringBuilder(id.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.Length == 0 ? "~00" : builder.ToString();
    }

    /// <summary>Joins segments (and an optional prefix of already-safe segments) with <c>/</c>.</summary>
    public static string Combine(string? prefix, params string[] segments)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(prefix))
        {
            parts.Add(prefix.Trim('/'));
        }

        parts.AddRange(segments);
        return string.Join('/', parts.Where(p => p.Length > 0));
    }

    /// <summary>Joins a store URL and a key into the object's URL.</summary>
    public static string Join(string root, string key) => root.TrimEnd('/') + "/" + key.TrimStart('/');

    /// <summary>Checks that a key is made of non-empty segments, none of them <c>.</c> or <c>..</c>, with no control characters.</summary>
    /// <exception cref="ArgumentException">The key is unsafe; the message says why.</exception>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("an object key must not be empty", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException($"object key '{key}' has an empty, '.' or '..' segment", nameof(key));
            }

            if (segment.Any(c => char.IsControl(c) || c == '\\'))
            {
                throw new ArgumentException($"object key '{key}' has a control character or a backslash", nameof(key));
            }
        }
    }
}
