using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace XComTutorial.Include;

/// <summary>
/// Reads Pokémon from PokeAPI. The base URL is the setting <c>BATON__POKEAPI__BASE_URL</c> (default
/// https://pokeapi.co/api/v2/); run-tutorial.sh and the tests point it at a local server with the sample responses.
/// </summary>
public sealed class PokeApiClient(HttpClient http, IConfiguration configuration)
{
    /// <summary>The public API.</summary>
    public const string DefaultBaseUrl = "https://pokeapi.co/api/v2/";

    /// <summary>The base URL in use.</summary>
    public Uri BaseUrl { get; } = new(((configuration["pokeapi:base_url"] is { Length: > 0 } url ? url : DefaultBaseUrl).TrimEnd('/')) + "/");

    /// <summary>Gets one Pokémon by name.</summary>
    public async Task<PokemonResponse> GetPokemonAsync(string name, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, "pokemon/" + Uri.EscapeDataString(name));
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<PokemonResponse>(cancellationToken)
            ?? throw new HttpRequestException($"GET {url} returned an empty body");
    }
}

/// <summary>The fields of a PokeAPI pokemon response the tutorial uses.</summary>
public sealed record PokemonResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("base_experience")] int BaseExperience,
    [property: JsonPropertyName("height")] int Height);
