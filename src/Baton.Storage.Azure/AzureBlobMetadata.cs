namespace Baton.Storage.Azure;

/// <summary>
/// Object metadata names as Azure takes them: names must be C# identifiers, so <c>baton-dag-id</c> is stored as
/// <c>baton_dag_id</c> and read back as <c>baton-dag-id</c>, and callers see the same names on every store.
/// </summary>
internal static class AzureBlobMetadata
{
    /// <summary>The metadata as sent to Azure.</summary>
    /// <exception cref="ArgumentException">A name is not lower-case ASCII letters, digits and dashes, or a value is not printable ASCII.</exception>
    public static Dictionary<string, string> ToAzure(IReadOnlyDictionary<string, string> metadata)
    {
        var stored = new Dictionary<string, string>(metadata.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata)
        {
            var azureName = name.Replace('-', '_');
            if (azureName.Length == 0 || !char.IsAsciiLetter(azureName[0]) || !azureName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"metadata name '{name}' cannot be stored in Azure: use ASCII letters, digits and dashes, starting with a letter", nameof(metadata));
            }

            if (value.Any(c => c is < ' ' or > '~'))
            {
                throw new ArgumentException($"metadata '{name}' has a value with characters other than printable ASCII", nameof(metadata));
            }

            if (!stored.TryAdd(azureName, value))
            {
                throw new ArgumentException($"metadata names '{name}' and another differ only in case or '-' versus '_'", nameof(metadata));
            }
        }

        return stored;
    }

    /// <summary>The metadata as callers wrote it: names lower-cased, <c>_</c> back to <c>-</c>.</summary>
    public static Dictionary<string, string> FromAzure(IDictionary<string, string>? metadata)
    {
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (name, value) in metadata)
            {
                read[name.ToLowerInvariant().Replace('_', '-')] = value;
            }
        }

        return read;
    }
}
