using Baton.XComs;

namespace Baton.Hosting.Tests.Support;

/// <summary>A backend whose construction fails with an exception Baton does not expect: a user's bug the CLI must report in one line.</summary>
public sealed class BrokenXComBackend : XComBackend
{
    public const string Message = "this backend is broken on purpose";

    public const string TypeName = "Baton.Hosting.Tests.Support.BrokenXComBackend, Baton.Hosting.Tests";

    public BrokenXComBackend() => throw new NotSupportedException(Message);

    public override ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Message);

    public override ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Message);
}
