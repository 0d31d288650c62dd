namespace Baton.Web.Api;

/// <summary>The <c>limit</c> and <c>offset</c> of a list request, as Airflow's API takes them.</summary>
internal readonly record struct Paging(int Limit, int Offset)
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Checks the query values.</summary>
    /// <exception cref="ApiProblemException">A value is out of range.</exception>
    public static Paging From(string? limit, string? offset) => From(Number(limit, "limit"), Number(offset, "offset"));

    /// <summary>Checks the values.</summary>
    /// <exception cref="ApiProblemException">A value is out of range.</exception>
    public static Paging From(int? limit, int? offset)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiProblemException.BadRequest($"limit must be from 1 to {MaxLimit}, not {limit}");
        }

        if (offset is < 0)
        {
            throw ApiProblemException.BadRequest($"offset must not be negative, not {offset}");
        }

        return new Paging(limit ?? DefaultLimit, offset ?? 0);
    }

    private static int? Number(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
        : int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw ApiProblemException.BadRequest($"{name} must be a whole number, not '{text}'");

    /// <summary>The page of an in-memory list.</summary>
    public IReadOnlyList<T> Of<T>(IEnumerable<T> items) => items.Skip(Offset).Take(Limit).ToList();
}
