using System.Diagnostics;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// A real, small file system (tmpfs) mounted on a directory, so a test can fill a disk or make one read-only for real;
/// a test that needs it is skipped, with the reason, where mounting is not permitted (not root, no CAP_SYS_ADMIN).
/// </summary>
internal sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string directory) => Directory = directory;

    /// <summary>The mount point.</summary>
    public string Directory { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (as mount takes it: <c>1m</c>) on <paramref name="directory"/>, created if missing.</summary>
    public static SmallFileSystem Mount(string directory, string size, bool readOnly = false)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("needs Linux to mount a tmpfs");
        }

        System.IO.Directory.CreateDirectory(directory);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", directory);
        if (code != 0)
        {
            Assert.Skip($"mounting a small tmpfs is not permitted here (mount exited {code}: {error.Trim()}); these tests need root");
        }

        return new SmallFileSystem(directory);
    }

    public void Dispose()
    {
        if (Run("umount", Directory).Code != 0)
        {
            // Something (a pooled connection of another test) still has a file open: detach it now, freed when closed.
            Run("umount", "-l", Directory);
        }
    }

    private static (int Code, string Error) Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
