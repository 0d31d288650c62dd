using System.Runtime.InteropServices;

namespace Baton.Benchmarks.Infrastructure;

/// <summary>File-system hygiene between measurements.</summary>
internal static partial class FileSystem
{
    /// <summary>
    /// Writes all dirty pages back to disk (<c>sync(2)</c>; a no-op off Linux), so a measurement does not pay for the
    /// write-back of files written before it: with gigabytes written per row, the kernel otherwise flushes one row's
    /// files (or the generated source files) while the next row runs.
    /// </summary>
    public static void Sync()
    {
        if (OperatingSystem.IsLinux())
        {
            NativeSync();
        }
    }

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void NativeSync();
}
