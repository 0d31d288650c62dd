using System.Globalization;
using System.Text.Json.Serialization;
using Baton.Dags;
using Baton.Tasks;
using Microsoft.Data.Analysis;
using XComTutorial.Include;

namespace XComTutorial.Dags;

/// <summary>
/// The tutorial's step 7: fetch two Pokémon from PokeAPI, compute base XP per height in a DataFrame, print it. The
/// DataFrame travels between tasks through the XCom backend as Parquet (Baton.DataFrames).
/// </summary>
public sealed class FetchPokemonData : IDagDefinition
{
    private const string MyFavoritePokemon = "pikachu";
    private const string MyOtherFavoritePokemon = "vulpix";

    public DagSpec Spec { get; } = new("fetch_pokemon_data")
    {
        Schedule = "@daily",
        StartDate = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero),
        Catchup = false,
        Description = "Fetch two Pokémon from PokeAPI and pass a DataFrame of their XP per height through XComs",
        Tags = ["tutorial", "dataframe"],
    };

    public void Build(DagBuilder dag)
    {
        // PokeApiClient comes from dependency injection (registered with AddHttpClient<PokeApiClient>()), one per try.
        var pokemonData = dag.With<PokeApiClient>().Task("extract_data", ExtractDataAsync);
        var frame = dag.Task("calculate_xp_per_height", CalculateXpPerHeight, pokemonData);
        dag.Task("print_xp_per_height", PrintXpPerHeight, frame);
    }

    /// <summary>Extracts data from the Pokémon API. Returns a JSON-able record.</summary>
    private static async Task<PokemonData> ExtractDataAsync(PokeApiClient api, TaskContext context)
    {
        var first = await api.GetPokemonAsync(MyFavoritePokemon, context.CancellationToken);
        var second = await api.GetPokemonAsync(MyOtherFavoritePokemon, context.CancellationToken);
        return new PokemonData(
            [MyFavoritePokemon, MyOtherFavoritePokemon],
            [first.BaseExperience, second.BaseExperience],
            [first.Height, second.Height]);
    }

    /// <summary>Calculates base XP per height and returns a DataFrame.</summary>
    private static DataFrame CalculateXpPerHeight(PokemonData data)
    {
        var df = new DataFrame(
            new StringDataFrameColumn("pokemon", data.Pokemon),
            new Int32DataFrameColumn("base_experience", data.BaseExperience),
            new Int32DataFrameColumn("height", data.Height));
        df.Columns.Add(new DoubleDataFrameColumn("xp_per_height",
            data.BaseExperience.Zip(data.Height, (xp, height) => (double)xp / height)));
        return df;
    }

    /// <summary>Reads the DataFrame from the XCom backend and prints one line per Pokémon.</summary>
    private static void PrintXpPerHeight(DataFrame pokemonDataDf)
    {
        for (long i = 0; i < pokemonDataDf.Rows.Count; i++)
        {
            var pokemon = pokemonDataDf["pokemon"][i];
            var xph = (double)pokemonDataDf["xp_per_height"][i]!;
            Console.WriteLine($"{pokemon} has a base xp to height ratio of {PythonFloat(xph)}");
        }
    }

    // As Python prints a float, so the output matches the tutorial's: 28.0, not 28.
    private static string PythonFloat(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e16
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>What extract_data returns: the tutorial's dict of lists.</summary>
public sealed record PokemonData(
    [property: JsonPropertyName("pokemon")] IReadOnlyList<string> Pokemon,
    [property: JsonPropertyName("base_experience")] IReadOnlyList<int> BaseExperience,
    [property: JsonPropertyName("height")] IReadOnlyList<int> Height);
