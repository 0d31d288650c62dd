using Microsoft.Extensions.Logging;

namespace Baton.Web;

/// <summary>The warning a server without authentication logs at start.</summary>
internal static class WebServerWarnings
{
    public static string? AuthOff(WebServerOptions options) => options.AuthEnabled
        ? null
        : $"Authentication is OFF (BATON__WEBSERVER__AUTH={options.Auth}): every request without credentials acts as the role {options.PublicRole}.";

    public static void Log(WebServerOptions options, ILogger logger)
    {
        if (AuthOff(options) is { } warning)
        {
            logger.LogWarning("{Warning}", warning);
        }
    }
}
