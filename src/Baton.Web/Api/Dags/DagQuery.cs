namespace Baton.Web.Api.Dags;

/// <summary>The filters of the DAG list: any of the tags, a substring of the id, paused or not.</summary>
internal sealed record DagQuery
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? DagIdPattern { get; init; }

    public bool? Paused { get; init; }
}
