using Baton.Dags;

namespace Baton.Tests.Dags;

public sealed class DagBagTests
{
    private static readonly IDagDefinition Alpha = TestDag.OneTask(new DagSpec("alpha"));
    private static readonly IDagDefinition Beta = TestDag.OneTask(new DagSpec("beta"));
    private static readonly IDagDefinition Broken = new TestDag(new DagSpec("broken"), d =>
    {
        d.Task("same", () => { });
        d.Task("same", () => { });
    });

    [Fact]
    public void FromDefinitions_OneBadDag_KeepsTheGoodDagsAndListsTheError()
    {
        var bag = DagBag.FromDefinitions([Beta, Broken, Alpha]);

        Assert.Equal(["alpha", "beta"], bag.Dags.Select(d => d.DagId));
        var error = Assert.Single(bag.Errors);
        Assert.Equal("broken", error.DagId);
        Assert.Contains("duplicate task id 'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinitions_BuildThatThrows_IsListedAsAnErrorNamingTheDag()
    {
        var exploding = new TestDag(new DagSpec("exploding"), _ => throw new InvalidOperationException("boom"));

        var bag = DagBag.FromDefinitions([Alpha, exploding]);

        Assert.Equal(["alpha"], bag.Dags.Select(d => d.DagId));
        var error = Assert.Single(bag.Errors);
        Assert.Equal("exploding", error.DagId);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinitions_TwoDefinitionsWithTheSameDagId_KeepsTheFirstAndReportsTheSecond()
    {
        var first = TestDag.OneTask(new DagSpec("twin") { Description = "first" });
        var second = TestDag.OneTask(new DagSpec("twin") { Description = "second" });

        var bag = DagBag.FromDefinitions([first, second]);

        Assert.Equal("first", bag.Get("twin").Spec.Description);
        var error = Assert.Single(bag.Errors);
        Assert.Equal("twin", error.DagId);
        Assert.Contains("must be unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_KnownId_ReturnsTheDag()
    {
        var bag = DagBag.FromDefinitions([Alpha, Beta]);

        Assert.Equal("beta", bag.Get("beta").DagId);
        Assert.Same(bag.Get("beta"), bag.Find("beta"));
    }

    [Fact]
    public void Get_UnknownId_ThrowsDagNotFoundListingKnownDags()
    {
        var bag = DagBag.FromDefinitions([Beta, Alpha]);

        var e = Assert.Throws<DagNotFoundException>(() => bag.Get("gamma"));

        Assert.Equal("gamma", e.DagId);
        Assert.Contains("'gamma'", e.Message, StringComparison.Ordinal);
        Assert.Contains("known DAGs: alpha, beta", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_DagThatFailedToLoad_ThrowsDagNotFoundSayingWhy()
    {
        var bag = DagBag.FromDefinitions([Alpha, Broken]);

        var e = Assert.Throws<DagNotFoundException>(() => bag.Get("broken"));

        Assert.Equal("broken", e.DagId);
        Assert.Contains("duplicate task id 'same'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        var bag = DagBag.FromDefinitions([Alpha]);

        Assert.Null(bag.Find("gamma"));
    }
}
