using System.Runtime.InteropServices;

namespace Baton.Benchmarks.Infrastructure;

/// <summary>File-system hygiene between measurements, and the files the measurements read and write.</summary>
internal static partial class FileSystem
{
    /// <summary>What a task would read: a plain async FileStream with the default buffer, read sequentially.</summary>
    public static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>What a task would write: a new async FileStream with the default buffer.</summary>
    public static FileStream CreateDestination(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);

    /// <summary>
    /// A full, compacting, aggressive collection before a working-set reading: aggressive also gives the freed memory
    /// back to the OS, so one row's peak does not carry into the next.
    /// </summary>
    public static void CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

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
