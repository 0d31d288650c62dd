using Baton.Configuration;
using Baton.Web.Auth;
using Microsoft.Extensions.Options;

namespace Baton.Web;

/// <summary>Checks the <c>webserver</c> settings.</summary>
internal sealed class WebServerOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<WebServerOptions>
{
    private static readonly string[] AuthValues = ["on", "off", "true", "false"];

    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, WebServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            problems.Add($"{_names.Of(WebServerSettings.Section, "host")} must name an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add($"{_names.Of(WebServerSettings.Section, "port")} must be a port from 0 (any free one) to 65535, not {options.Port}");
        }

        if (!AuthValues.Contains(options.Auth, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{_names.Of(WebServerSettings.Section, "auth")} must be on or off, not '{options.Auth}'");
        }

        if (!BatonRoles.TryParse(options.PublicRole, out _))
        {
            problems.Add($"{_names.Of(WebServerSettings.Section, "public_role")} must be one of {string.Join(", ", BatonRoles.Names)}, not '{options.PublicRole}'");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
