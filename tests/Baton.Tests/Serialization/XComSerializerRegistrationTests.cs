using System.Text;
using Baton.Serialization;
using Baton.Testing;
using Baton.XComs;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Tests.Serialization;

public sealed class XComSerializerRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static XComKey Key(string key = "return_value") => new("dag", "run", "task", -1, key);

    public sealed record Point(int X, int Y);

    /// <summary>A user's serializer: points as "x;y" text, format name "point".</summary>
    public sealed class PointSerializer : IXComSerializer
    {
        public string Format => "point";

        public string FileExtension => "pt";

        public bool CanSerialize(Type type) => type == typeof(Point);

        public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
        {
            var point = (Point)value!;
            await destination.WriteAsync(Encoding.ASCII.GetBytes($"{point.X};{point.Y}"), cancellationToken);
        }

        public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
        {
            if (targetType != typeof(Point))
            {
                throw new InvalidDataException($"a point cannot be read as {targetType.Name}");
            }

            using var reader = new StreamReader(source, Encoding.UTF8, leaveOpen: true);
            var parts = (await reader.ReadToEndAsync(cancellationToken)).Split(';');
            return parts.Length == 2 && int.TryParse(parts[0], out var x) && int.TryParse(parts[1], out var y)
                ? new Point(x, y)
                : throw new CorruptSerializedValueException(Format, $"'{string.Join(';', parts)}' is not x;y", null);
        }
    }

    [Fact]
    public async Task RegisteredSerializer_WritesItsTypeUnderItsFormatName_AndReadsItBack()
    {
        await using var host = await EngineHost.StartAsync([], configure: services => services.AddXComSerializer<PointSerializer>().AddXComSerializer<PointSerializer>());

        await host.XComs.PushAsync(Key(), new Point(3, -4), typeof(Point), Ct);
        await host.XComs.PushAsync(Key("other"), new List<int> { 1 }, typeof(List<int>), Ct);

        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        Assert.Equal(("point", "3;-4"), (row.Payload.Format, Encoding.ASCII.GetString(row.Payload.Value!)));
        Assert.Equal(new Point(3, -4), await host.XComs.PullAsync<Point>(Key(), Ct));
        Assert.Equal("json", (await host.XComs.GetAsync(Key("other"), Ct))!.Payload.Format);
        Assert.Single(host.Services.GetRequiredService<XComSerializerRegistry>().Serializers, s => s.Format == "point");
    }

    [Fact]
    public async Task RegisteredInstance_IsUsed_AndAddedOnce()
    {
        var serializer = new PointSerializer();
        await using var host = await EngineHost.StartAsync([], configure: services => services.AddXComSerializer(serializer).AddXComSerializer(serializer));

        await host.XComs.PushAsync(Key(), new Point(1, 2), typeof(Point), Ct);

        Assert.Same(serializer, host.Services.GetRequiredService<XComSerializerRegistry>().ForFormat("point"));
        Assert.Equal(new Point(1, 2), await host.XComs.PullAsync<Point>(Key(), Ct));
    }

    [Fact]
    public async Task SerializerReportingInvalidBytes_FailsWithCorrupted_NotTypeMismatch()
    {
        await using var host = await EngineHost.StartAsync([], configure: services => services.AddXComSerializer<PointSerializer>());
        await host.XComs.PushAsync(Key(), new Point(1, 2), typeof(Point), Ct);
        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        var bytes = Encoding.ASCII.GetBytes("garbage");
        await host.Store.SetXComAsync(row with
        {
            Payload = row.Payload with { Value = bytes, Size = bytes.Length, Checksum = "xxh3:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash3.Hash(bytes)) },
        }, Ct);

        var corrupted = await Assert.ThrowsAsync<XComCorruptedException>(() => host.XComs.PullAsync<Point>(Key(), Ct));
        var mismatch = await Assert.ThrowsAsync<XComTypeMismatchException>(() => host.XComs.PullAsync<string>(Key(), Ct));

        Assert.Equal("XCom dag 'dag', run 'run', task 'task', key 'return_value' is corrupted: its bytes are not valid point: 'garbage' is not x;y", corrupted.Message);
        Assert.IsType<CorruptSerializedValueException>(corrupted.InnerException);
        Assert.Contains("cannot be read as String: a point cannot be read as String", mismatch.Message);
    }
}
