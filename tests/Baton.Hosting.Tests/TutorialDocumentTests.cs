using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>The files docs/tutorial.md shows in full are the ones examples/XComTutorial builds and its tests run.</summary>
public sealed class TutorialDocumentTests
{
    [Fact]
    public void EveryFileTheTutorialShows_IsTheExampleProjectsFile()
    {
        var files = TutorialDocument.Load().Files;

        Assert.Equal(
            ["Dags/FetchPokemonData.cs", "Include/JsonFileXComBackend.cs", "Include/LocalJsonXComBackend.cs", "Include/PokeApiClient.cs", "Include/S3JsonXComBackend.cs"],
            files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in files)
        {
            var example = File.ReadAllText(Path.Combine(TemplatePackages.RepositoryRoot, "examples", "XComTutorial", path)).ReplaceLineEndings("\n");
            Assert.True(example == text, $"docs/tutorial.md shows another {path} than examples/XComTutorial/{path}: copy the file into the document");
        }
    }
}
