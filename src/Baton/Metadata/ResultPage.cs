namespace Baton.Metadata;

/// <summary>One page of a listing and how many items the whole listing has.</summary>
/// <param name="Items">The items of the page, in the listing's order.</param>
/// <param name="TotalEntries">How many items match, over all pages.</param>
internal sealed record ResultPage<T>(IReadOnlyList<T> Items, long TotalEntries);
