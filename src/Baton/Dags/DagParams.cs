using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Dags;

/// <summary>
/// Checks a run's <c>conf</c> against the DAG's <see cref="DagSpec.Params"/>, which hold each param's default: a conf
/// value for a param must have its default's JSON type (a string for a string, a whole number for a whole number, …).
/// JSON <c>null</c> is accepted for any param, as are keys that are not params (Airflow passes them to the run too).
/// </summary>
internal static class DagParams
{
    /// <summary>What is wrong with <paramref name="conf"/>, one line per param, each naming it; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(Dag dag, JsonObject? conf)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var problems = new List<string>();
        if (conf is null || dag.Spec.Params is not { } defaults)
        {
            return problems;
        }

        foreach (var (name, value) in conf)
        {
            if (value is null || !defaults.TryGetPropertyValue(name, out var @default) || @default is null)
            {
                continue;
            }

            var expected = KindOf(@default);
            var given = KindOf(value);
            if (given != expected && !(expected == "number" && given == "whole number"))
            {
                problems.Add($"param '{name}' must be {Article(expected)} (its default is {@default.ToJsonString()}), not {Article(given)}");
            }
        }

        return problems;
    }

    private static string KindOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => node.AsValue().TryGetValue<long>(out _) || IsWhole(node) ? "whole number" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "null",
    };

    private static bool IsWhole(JsonNode node) =>
        decimal.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number);

    private static string Article(string kind) => kind is "object" or "array" ? "an " + kind : "a " + kind;
}
