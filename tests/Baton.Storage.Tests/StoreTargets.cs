namespace Baton.Storage.Tests;

/// <summary>
/// Every <see cref="StoreTarget"/> of this assembly, narrowed by <c>BATON_TEST_STORES</c> (comma-separated names, e.g.
/// <c>BATON_TEST_STORES=s3</c>); all of them when it is unset.
/// </summary>
public static class StoreTargets
{
    public const string Variable = "BATON_TEST_STORES";

    public static IReadOnlyList<StoreTarget> Selected { get; } = Load();

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var target in Selected)
            {
                data.Add(target.Name);
            }

            return data;
        }
    }

    public static StoreTarget Get(string name) => Selected.Single(t => t.Name == name);

    private static List<StoreTarget> Load()
    {
        var all = typeof(StoreTargets).Assembly.GetTypes()
            .Where(t => typeof(StoreTarget).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (StoreTarget)Activator.CreateInstance(t)!)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var wanted = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(wanted))
        {
            return all;
        }

        var names = wanted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = names.Where(n => all.All(t => !string.Equals(t.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{Variable} names unknown stores {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(t => t.Name))}");
        }

        return all.Where(t => names.Contains(t.Name)).ToList();
    }
}
