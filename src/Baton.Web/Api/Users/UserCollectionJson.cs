using System.Text.Json.Serialization;

namespace Baton.Web.Api.Users;

/// <summary>One page of users, by name.</summary>
internal sealed record UserCollectionJson(
    [property: JsonPropertyName("users")] IReadOnlyList<UserJson> Users,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
