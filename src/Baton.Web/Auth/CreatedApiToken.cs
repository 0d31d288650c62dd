using Baton.Metadata;

namespace Baton.Web.Auth;

/// <summary>A token just created: its text, shown once and never stored, and its stored row.</summary>
internal sealed record CreatedApiToken(string Token, ApiTokenRecord Record);
