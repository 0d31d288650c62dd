using System.Buffers;
using System.Runtime.InteropServices;

namespace Baton.DataFrames.Tables;

/// <summary>
/// The bytes of a <typeparamref name="T"/> array as <see cref="Memory{T}"/> of bytes, without a copy: a DataFrame column
/// wraps a byte buffer, while Parquet.Net reads values into typed memory.
/// </summary>
internal sealed class BytesOf<T>(T[] array) : MemoryManager<byte>
    where T : unmanaged
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
