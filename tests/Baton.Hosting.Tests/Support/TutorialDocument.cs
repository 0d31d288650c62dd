using System.Text.RegularExpressions;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// docs/tutorial.md as a user reads it: the files it shows in full (each C# block under a <c>&lt;!-- file: PATH --&gt;</c>
/// line, PATH relative to the project), and the commands quoted in it.
/// </summary>
internal sealed partial class TutorialDocument
{
    private TutorialDocument(string text) => Text = text;

    public string Text { get; }

    /// <summary>The files the tutorial shows in full, by their path in the project.</summary>
    public IReadOnlyDictionary<string, string> Files => FileBlock().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value + "\n");

    public static TutorialDocument Load() =>
        new(File.ReadAllText(Path.Combine(TemplatePackages.RepositoryRoot, "docs", "tutorial.md")).ReplaceLineEndings("\n"));

    /// <summary>The first match of <paramref name="pattern"/> in the tutorial; fails the test when there is none.</summary>
    public Match Find(string pattern)
    {
        var match = Regex.Match(Text, pattern);
        Assert.True(match.Success, $"docs/tutorial.md has nothing matching {pattern}");
        return match;
    }

    [GeneratedRegex(@"<!-- file: (\S+) -->\n```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex FileBlock();
}
