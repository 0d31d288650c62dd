using System.Globalization;
using System.Reflection;

namespace Baton.Metadata.Sql;

/// <summary>One versioned schema migration, read from the <c>.sql</c> files a dialect embeds.</summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The file name.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// Reads the migrations embedded in <paramref name="assembly"/> under <paramref name="prefix"/> (resources named
    /// <c>{prefix}NNNN_name.sql</c>), in version order.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two files have the same version, or a name does not start with one.</exception>
    public static IReadOnlyList<Migration> Load(Assembly assembly, string prefix)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..]))
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"{assembly.GetName().Name} embeds no migrations named {prefix}NNNN_name.sql.");
        }

        var repeated = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidOperationException($"Migrations {string.Join(" and ", repeated.Select(m => m.Name))} have the same version.");
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resourceName, string fileName)
    {
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration {resourceName} must be named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName, reader.ReadToEnd());
    }
}
