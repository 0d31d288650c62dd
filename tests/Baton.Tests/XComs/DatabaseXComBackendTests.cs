using System.Text.Json;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Tests.XComs;

public sealed class DatabaseXComBackendTests : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))]);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static XComKey Key(string key) => new("dag", "run", "task", -1, key);

    private async Task<T> RoundTripAsync<T>(string key, T value)
    {
        await _host.XComs.PushAsync(Key(key), value, typeof(T), TestContext.Current.CancellationToken);
        return await _host.XComs.PullAsync<T>(Key(key), TestContext.Current.CancellationToken);
    }

    public sealed record Nested(string Text, decimal Money, DateTimeOffset When, Dictionary<string, long[]> Series, double? Missing);

    [Fact]
    public async Task PushPull_RoundTripsValuesExactly()
    {
        var nested = new Nested("žluťoučký kůň 🐎", 79228162514264337593543950335m, new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromHours(5.5)),
            new Dictionary<string, long[]> { ["max"] = [long.MaxValue, long.MinValue], ["empty"] = [] }, null);

        Assert.Equal(nested.Text, (await RoundTripAsync("nested", nested)).Text);
        var back = await RoundTripAsync("nested2", nested);
        Assert.Equal((nested.Money, nested.When, nested.When.Offset), (back.Money, back.When, back.When.Offset));
        Assert.Equal(nested.Series["max"], back.Series["max"]);
        Assert.Empty(back.Series["empty"]);
        var doubles = await RoundTripAsync("doubles", new[] { 0.1, 1e308, double.Epsilon, double.PositiveInfinity });
        Assert.Equal(new[] { 0.1, 1e308, double.Epsilon, double.PositiveInfinity }, doubles);
        Assert.True(double.IsNaN(await RoundTripAsync("nan", double.NaN)));
        Assert.Equal((3, "three"), await RoundTripAsync("tuple", (3, "three")));
        var bytes = await RoundTripAsync("bytes", new byte[] { 0, 1, 254, 255 });
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, bytes);
        Assert.Null(await RoundTripAsync<string?>("null", null));
    }

    [Fact]
    public async Task Pull_IntoDeclaredSupertype_ReadsIntoTheDeclaredShape()
    {
        await _host.XComs.PushAsync(Key("list"), new List<int> { 3, 1, 2 }, typeof(object), TestContext.Current.CancellationToken);

        var asEnumerable = await _host.XComs.PullAsync<IEnumerable<int>>(Key("list"), TestContext.Current.CancellationToken);
        var asJson = await _host.XComs.PullAsync<JsonElement>(Key("list"), TestContext.Current.CancellationToken);

        Assert.Equal(new[] { 3, 1, 2 }, asEnumerable);
        Assert.Equal("[3,1,2]", asJson.GetRawText());
    }

    public class Animal
    {
        public string Name { get; set; } = "";
    }

    public sealed class Dog : Animal
    {
        public bool Barks { get; set; }
    }

    [Fact]
    public async Task Pull_NeverInstantiatesATypeNamedInTheData()
    {
        await _host.XComs.PushAsync(Key("poly"), new Dictionary<string, object> { ["$type"] = "Dog", ["Name"] = "rex", ["Barks"] = true }, typeof(object), TestContext.Current.CancellationToken);

        var animal = await _host.XComs.PullAsync<Animal>(Key("poly"), TestContext.Current.CancellationToken);

        Assert.IsType<Animal>(animal);
        Assert.Equal("rex", animal.Name);
    }

    [Fact]
    public async Task Push_ReplacesTheEarlierValue()
    {
        await _host.XComs.PushAsync(Key("k"), 1, typeof(int), TestContext.Current.CancellationToken);
        await _host.XComs.PushAsync(Key("k"), 2, typeof(int), TestContext.Current.CancellationToken);

        Assert.Equal(2, await _host.XComs.PullAsync<int>(Key("k"), TestContext.Current.CancellationToken));
        Assert.Single(await _host.XComs.ListAsync(new XComFilter { Key = "k" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pull_NullIntoValueType_FailsWithTypeMismatch()
    {
        await _host.XComs.PushAsync(Key("nothing"), null, typeof(string), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<XComTypeMismatchException>(() => _host.XComs.PullAsync<int>(Key("nothing"), TestContext.Current.CancellationToken));

        Assert.StartsWith("XCom dag 'dag', run 'run', task 'task', key 'nothing' cannot be read as Int32: ", error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public async Task Row_RecordsFormatSizeAndStorage()
    {
        await _host.XComs.PushAsync(Key("row"), "hello", typeof(string), TestContext.Current.CancellationToken);

        var row = await _host.XComs.GetAsync(Key("row"), TestContext.Current.CancellationToken);

        Assert.NotNull(row);
        Assert.Equal((XComStorage.Inline, "json", "none", 7L), (row.Payload.Storage, row.Payload.Format, row.Payload.Compression, row.Payload.Size));
        Assert.Equal("\"hello\"", _host.XComs.Describe(row));
    }
}
