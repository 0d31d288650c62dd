using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Dags;
using Baton.Runs;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Api;

/// <summary>Checks what a request carries (ids, dates, states, JSON bodies); each refusal is a 400 naming the parameter and the rule.</summary>
internal static class ApiInput
{
    /// <summary>Stands for "every" in a path, as in Airflow (<c>/dags/~/dagRuns</c>).</summary>
    public const string Any = "~";

    public static string DagId(string dagId) => DagIds.IsValid(dagId) ? dagId : throw ApiProblemException.BadRequest($"invalid dag_id '{dagId}': {DagIds.Rule}");

    public static string TaskId(string taskId) => DagIds.IsValid(taskId) ? taskId : throw ApiProblemException.BadRequest($"invalid task_id '{taskId}': {DagIds.Rule}");

    public static string RunId(string runId) => RunIds.Problem(runId) is { } problem ? throw ApiProblemException.BadRequest($"dag_run_id: {problem}") : runId;

    /// <summary>Null for <see cref="Any"/>, else the checked id.</summary>
    public static string? DagIdOrAny(string dagId) => dagId == Any ? null : DagId(dagId);

    /// <summary>Null for <see cref="Any"/>, else the checked id.</summary>
    public static string? RunIdOrAny(string runId) => runId == Any ? null : RunId(runId);

    /// <summary>Null for <see cref="Any"/>, else the checked id.</summary>
    public static string? TaskIdOrAny(string taskId) => taskId == Any ? null : TaskId(taskId);

    /// <summary>A boolean query value (<c>true</c>/<c>false</c>), or null when absent.</summary>
    public static bool? Bool(string? text, string name) => text switch
    {
        null or "" => null,
        _ when bool.TryParse(text, out var value) => value,
        _ => throw ApiProblemException.BadRequest($"{name} must be true or false, not '{text}'"),
    };

    /// <summary>A map index query value: -1 (not mapped) when absent.</summary>
    public static int MapIndex(string? text) => string.IsNullOrEmpty(text) ? -1
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= -1 ? value
        : throw ApiProblemException.BadRequest($"map_index must be -1 (not mapped) or an element's index, not '{text}'");

    public static DateTimeOffset? Date(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw ApiProblemException.BadRequest($"{name} '{text}' is not a date; use ISO 8601, e.g. 2022-12-20T00:00:00+00:00");
    }

    public static IReadOnlyList<DagRunState> RunStates(string[]? names) => (names ?? []).SelectMany(Split).Select(n =>
        Enum.GetValues<DagRunState>().FirstOrDefault(s => StateNames.Of(s) == n, (DagRunState)(-1)) is var s && Enum.IsDefined(s)
            ? s
            : throw ApiProblemException.BadRequest($"state '{n}' is not a DAG run state; use {string.Join(", ", Enum.GetValues<DagRunState>().Select(StateNames.Of))}")).ToList();

    public static IReadOnlyList<TaskInstanceState> TaskStates(string[]? names) => (names ?? []).SelectMany(Split).Select(n =>
        Enum.GetValues<TaskInstanceState>().FirstOrDefault(s => StateNames.Of(s) == n, (TaskInstanceState)(-1)) is var s && Enum.IsDefined(s)
            ? s
            : throw ApiProblemException.BadRequest($"state '{n}' is not a task instance state; use {string.Join(", ", Enum.GetValues<TaskInstanceState>().Select(StateNames.Of))}")).ToList();

    /// <summary>Reads the body as a JSON object (an empty body is an empty object).</summary>
    /// <exception cref="ApiProblemException">It is not JSON, or not an object.</exception>
    public static async Task<JsonObject> BodyAsync(HttpRequest request)
    {
        JsonNode? node;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiProblemException.BadRequest($"the request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        return node as JsonObject ?? throw ApiProblemException.BadRequest("the request body must be a JSON object");
    }

    /// <summary>A string member of a body, or null; refused when present with another JSON type.</summary>
    public static string? String(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw ApiProblemException.BadRequest($"'{name}' must be a string, not {other.GetValueKind().ToString().ToLowerInvariant()}"),
    };

    /// <summary>A boolean member of a body, or <paramref name="default"/>.</summary>
    public static bool Bool(JsonObject body, string name, bool @default) => body[name] switch
    {
        null => @default,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw ApiProblemException.BadRequest($"'{name}' must be true or false, not {other.GetValueKind().ToString().ToLowerInvariant()}"),
    };

    /// <summary>An integer member of a body, or null.</summary>
    public static int? Int(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        var other => throw ApiProblemException.BadRequest($"'{name}' must be a whole number, not {other.ToJsonString()}"),
    };

    /// <summary>A list of strings member of a body, or null.</summary>
    public static IReadOnlyList<string>? Strings(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray array when array.All(a => a?.GetValueKind() == JsonValueKind.String) => array.Select(a => a!.GetValue<string>()).ToList(),
        _ => throw ApiProblemException.BadRequest($"'{name}' must be a list of strings"),
    };

    private static IEnumerable<string> Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
