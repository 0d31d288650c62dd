using System.Text.RegularExpressions;

namespace Baton.Configuration;

/// <summary>Hides secrets in text that may show a connection string, a URL or a setting's value.</summary>
internal static partial class SecretText
{
    private const string Hidden = "***";

    /// <summary>
    /// Masks the secrets <paramref name="text"/> may quote: <c>password=…</c> / <c>pwd=…</c>, Azure's
    /// <c>AccountKey=…</c> and <c>SharedAccessSignature=…</c>, the password of a URL's user-info
    /// (<c>https://user:***@host</c>), and signed-URL parameters (<c>sig</c>, <c>X-Amz-Signature</c>, <c>token</c>, …).
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = ConnectionStringSecretPattern().Replace(text, "$1" + Hidden);
        masked = UserInfoPasswordPattern().Replace(masked, "$1" + Hidden + "@");
        return QuerySecretPattern().Replace(masked, "$1" + Hidden);
    }

    /// <summary>
    /// Masks what <see cref="Mask(string)"/> masks, and also every password value that
    /// <paramref name="connectionString"/> holds, wherever <paramref name="text"/> quotes it.
    /// </summary>
    public static string Mask(string text, string connectionString)
    {
        var masked = Mask(text);
        foreach (Match match in ConnectionStringSecretPattern().Matches(connectionString))
        {
            var value = match.Groups[2].Value.Trim().Trim('"', '\'');
            if (value.Length > 0)
            {
                masked = masked.Replace(value, Hidden, StringComparison.Ordinal);
            }
        }

        return masked;
    }

    /// <summary>Whether a setting named <paramref name="key"/> holds a secret as a whole (an encryption key, a token, a password).</summary>
    public static bool IsSecretKey(string key) =>
        SecretKeyPattern().IsMatch(key);

    [GeneratedRegex("((?:password|pwd|accountkey|sharedaccesssignature)\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^;\\s'\")]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringSecretPattern();

    [GeneratedRegex("([a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^/\\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfoPasswordPattern();

    [GeneratedRegex("([?&](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|token|access_token|api_key|apikey|key|secret|password)=)[^&#\\s'\")]*", RegexOptions.IgnoreCase)]
    private static partial Regex QuerySecretPattern();

    [GeneratedRegex("(password|passwd|pwd|secret|token|credential|(^|_)key$|_key_|apikey|private)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKeyPattern();
}
