namespace Baton.Serialization;

/// <summary>One column of a stored table.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">Its type as previews show it (<c>int64</c>, <c>string</c>, <c>decimal(10, 2)</c>, <c>timestamp[us, UTC]</c>).</param>
/// <param name="Nullable">Whether it may hold nulls.</param>
public sealed record XComTableColumn(string Name, string Type, bool Nullable);
