using Baton.Configuration;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.Config;

/// <summary><c>/config</c>: the effective settings, secrets masked (Op).</summary>
internal static class ConfigEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/config", (BatonEngine engine) => TypedResults.Ok(Read(engine)))
            .RequireAuthorization(BatonRoles.Policy(BatonRole.Op))
            .WithName("get_config").WithSummary("The effective settings by section, secrets masked as 'config list' masks them (Op)");

    public static ConfigJson Read(BatonEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new ConfigJson(EffectiveSettings.List(engine.Services)
            .GroupBy(s => s.Section, StringComparer.Ordinal)
            .Select(g => new ConfigSectionJson(g.Key, g.Select(s => new ConfigOptionJson(s.Key, s.Value, s.Variable)).ToList()))
            .ToList());
    }
}
