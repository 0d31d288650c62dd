using Baton.Configuration;
using Baton.Connections;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Serialization;
using Baton.Web.Api.Connections;
using Baton.Web.Api.DagRuns;
using Baton.Web.Api.Dags;
using Baton.Web.Api.Health;
using Baton.Web.Api.TaskInstances;
using Baton.Web.Api.XComs;
using Baton.Web.Auth;
using Baton.XComs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baton.Web;

/// <summary>
/// Registers the web server's services: authentication (API tokens, the UI's cookie, anonymous when auth is off),
/// the role policies, antiforgery for the UI's forms, data protection keys in <c>BATON_HOME/keys</c>, problem details, the OpenAPI document, and the services behind the
/// API that the UI reuses (DAGs, runs, task instances, XComs, connections, health, users and tokens, login), each built
/// on the engine's services through <see cref="BatonEngine"/>.
/// </summary>
internal static class BatonWebServices
{
    /// <summary>The name of the OpenAPI document (<c>/api/v1/openapi/baton.json</c>).</summary>
    public const string OpenApiDocument = "baton";

    public static IServiceCollection Add(IServiceCollection services, Func<IServiceProvider, BatonEngine> engine, bool defaultScheme)
    {
        services.TryAddSingleton(engine);
        services.AddProblemDetails();
        services.AddOpenApi(OpenApiDocument, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Baton REST API";
                document.Info.Version = "v1";
                document.Info.Description =
                    "Airflow's stable REST API for Baton: DAGs, runs, task instances, logs, XComs, connections, config, health. " +
                    "Send an API token as 'Authorization: Bearer <token>' (create one with 'users create-token').";
                return Task.CompletedTask;
            });
        });

        var authentication = defaultScheme ? services.AddAuthentication(BatonAuthSchemes.Default) : services.AddAuthentication();
        authentication
            .AddPolicyScheme(BatonAuthSchemes.Default, "Baton", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BatonAuthSchemes.Bearer, null)
            .AddScheme<AuthenticationSchemeOptions, AnonymousHandler>(BatonAuthSchemes.Anonymous, null)
            .AddCookie(BatonAuthSchemes.Cookie, options =>
            {
                options.Cookie.Name = BatonAuthSchemes.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/login";
                options.Events = new CookieAuthenticationEvents
                {
                    // The API answers with problem details; only the UI's pages redirect to the login form.
                    OnRedirectToLogin = context => IsApi(context.Request) ? AuthProblems.WriteAsync(context.HttpContext, 401, AuthProblems.ChallengeDetail(context.HttpContext)) : Redirect(context),
                    // A page the role may not see answers 403 with the reason (a redirect to the login form would loop for a logged-in user).
                    OnRedirectToAccessDenied = context => IsApi(context.Request)
                        ? AuthProblems.WriteAsync(context.HttpContext, 403, AuthProblems.ForbiddenDetail(context.HttpContext, null))
                        : Ui.UiForbidden.WriteAsync(context.HttpContext),
                };
            });
        services.AddAuthorization(options =>
        {
            foreach (var role in Enum.GetValues<BatonRole>())
            {
                options.AddPolicy(BatonRoles.Policy(role), policy => policy.AddAuthenticationSchemes(BatonAuthSchemes.Default).AddRequirements(new BatonRoleRequirement(role)));
            }
        });
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, BatonAuthorizationResultHandler>());
        DataProtectionKeys.Add(services);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "baton.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.TryAddSingleton<IPasswordHasher<UserRecord>>(_ => new PasswordHasher<UserRecord>());
        services.TryAddSingleton(sp => new UserService(Engine<SqlUserStore>(sp), sp.GetRequiredService<IPasswordHasher<UserRecord>>(), Engine<TimeProvider>(sp)));
        services.TryAddSingleton(sp => new ApiTokenService(Engine<SqlUserStore>(sp), Engine<TimeProvider>(sp)));
        services.TryAddSingleton(sp => new LoginService(Engine<SqlUserStore>(sp), sp.GetRequiredService<IPasswordHasher<UserRecord>>(), Engine<TimeProvider>(sp)));

        services.TryAddSingleton(sp => new DagsService(Engine<DagBag>(sp), Engine<IMetadataStore>(sp)));
        services.TryAddSingleton(sp => new DagRunsService(Engine<DagBag>(sp), Engine<IMetadataStore>(sp), Engine<SqlMetadataQueries>(sp), Engine<DagRunService>(sp)));
        services.TryAddSingleton(sp => new TaskInstancesService(Engine<DagBag>(sp), Engine<IMetadataStore>(sp), Engine<DagRunService>(sp), Engine<BatonPaths>(sp)));
        services.TryAddSingleton(sp => new XComsService(Engine<XComService>(sp), Engine<SqlMetadataQueries>(sp), Engine<XComSerializerRegistry>(sp)));
        services.TryAddSingleton(sp => new ConnectionsService(
            Engine<IConnectionStore>(sp), Engine<ConnectionResolver>(sp), Engine<ConnectionTestService>(sp), Engine<BatonEnvironment>(sp)));
        services.TryAddSingleton(sp => new HealthService(Engine<SqlSchedulerHeartbeatStore>(sp), Engine<TimeProvider>(sp)));

        services.AddRazorComponents();
        services.TryAddSingleton(sp => new Ui.UiQueries(Engine<DagBag>(sp), Engine<IMetadataStore>(sp), Engine<SqlMetadataQueries>(sp), Engine<TimeProvider>(sp)));
        services.TryAddSingleton(sp => new Ui.UiActions(
            Engine<DagBag>(sp), Engine<DagRunService>(sp), sp.GetRequiredService<DagRunsService>(), sp.GetRequiredService<TaskInstancesService>()));
        return services;
    }

    private static T Engine<T>(IServiceProvider services) where T : notnull => services.GetRequiredService<BatonEngine>().Get<T>();

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return BatonAuthSchemes.Bearer;
        }

        var server = context.RequestServices.GetRequiredService<BatonEngine>().Get<IOptions<WebServerOptions>>().Value;
        return !server.AuthEnabled && !context.Request.Cookies.ContainsKey(BatonAuthSchemes.CookieName) ? BatonAuthSchemes.Anonymous : BatonAuthSchemes.Cookie;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
