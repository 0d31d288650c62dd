namespace Baton.Storage.Tests;

/// <summary>Values for the storage tests to write.</summary>
internal static class TestData
{
    /// <summary>Bytes that look random but are the same for the same seed, so a failing test can be run again alike.</summary>
    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
