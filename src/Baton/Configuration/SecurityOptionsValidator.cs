using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks the <c>security</c> settings without ever quoting the key.</summary>
internal sealed class SecurityOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<SecurityOptions>
{
    private const int KeySize = 32;

    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var key = options.EncryptionKey?.Trim() ?? "";
        var buffer = new byte[key.Length];
        if (key.Length > 0 && !(Convert.TryFromBase64String(key, buffer, out var written) && written == KeySize))
        {
            problems.Add($"{_names.Of("security", "encryption_key")} must be {KeySize} bytes in base64 (e.g. from 'openssl rand -base64 32'); the value given is not (it is not shown)");
        }

        return OptionsProblems.Result(problems);
    }
}
