using System.Text.RegularExpressions;

namespace Baton.Configuration;

/// <summary>Hides passwords in text that may show a connection string.</summary>
internal static partial class SecretText
{
    /// <summary>Masks <c>password=…</c> / <c>pwd=…</c> values in <paramref name="text"/>.</summary>
    public static string MaskPasswords(string text) => PasswordPattern().Replace(text, "$1***");

    /// <summary>
    /// Masks <c>password=…</c> values in <paramref name="text"/>, and also every password value that
    /// <paramref name="connectionString"/> holds, wherever <paramref name="text"/> quotes it.
    /// </summary>
    public static string MaskPasswords(string text, string connectionString)
    {
        var masked = MaskPasswords(text);
        foreach (Match match in PasswordPattern().Matches(connectionString))
        {
            var value = match.Groups[2].Value.Trim();
            if (value.Length > 0)
            {
                masked = masked.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return masked;
    }

    [GeneratedRegex("((?:password|pwd)\\s*=\\s*)([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
