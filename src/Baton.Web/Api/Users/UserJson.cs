using System.Text.Json.Serialization;
using Baton.Metadata;

namespace Baton.Web.Api.Users;

/// <summary>A user (Airflow's <c>User</c>, reduced to what Baton keeps): never the password hash.</summary>
internal sealed record UserJson(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_on")] DateTimeOffset CreatedOn,
    [property: JsonPropertyName("last_login")] DateTimeOffset? LastLogin)
{
    public static UserJson From(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserJson(user.Username, user.Role, user.CreatedAt, user.LastLoginAt);
    }
}
