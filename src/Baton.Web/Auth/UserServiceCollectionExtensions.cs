using Baton.Metadata;
using Baton.Metadata.Sql;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Web.Auth;

/// <summary>Registers the user and token services on the services of one collection (the command line's, for <c>users …</c>).</summary>
internal static class UserServiceCollectionExtensions
{
    public static IServiceCollection AddBatonUsers(this IServiceCollection services)
    {
        services.TryAddSingleton<IPasswordHasher<UserRecord>>(_ => new PasswordHasher<UserRecord>());
        services.TryAddSingleton(sp => new UserService(sp.GetRequiredService<SqlUserStore>(), sp.GetRequiredService<IPasswordHasher<UserRecord>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ApiTokenService(sp.GetRequiredService<SqlUserStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
