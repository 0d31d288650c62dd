using System.Diagnostics;

namespace Baton.Testing;

/// <summary>
/// Makes a file or directory really read-only for this process, and writable again on dispose. Tests run as root here,
/// where permission bits do not stop writes, so as root the path is made immutable (<c>chattr +i</c>); otherwise its
/// write bits are cleared. Either way a write is tried before the test relies on it.
/// </summary>
public sealed class ReadOnlyPath : IDisposable
{
    private readonly string _path;
    private readonly UnixFileMode? _mode;

    private ReadOnlyPath(string path, UnixFileMode? mode)
    {
        _path = path;
        _mode = mode;
    }

    /// <summary>Makes <paramref name="path"/> read-only; null, with the reason in <paramref name="whyNot"/>, when this machine cannot.</summary>
    public static ReadOnlyPath? TryCreate(string path, out string whyNot)
    {
        whyNot = "";
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "making a path read-only for the test is done with chattr or chmod, on Linux only";
            return null;
        }

        ReadOnlyPath readOnly;
        if (Environment.UserName == "root")
        {
            var (code, error) = Chattr("+i", path);
            if (code != 0)
            {
                whyNot = $"tests run as root, where chmod does not stop writes, and 'chattr +i' failed (it needs CAP_LINUX_IMMUTABLE and a file system with attributes such as ext4): {error.Trim()}";
                return null;
            }

            readOnly = new ReadOnlyPath(path, mode: null);
        }
        else
        {
            var mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            readOnly = new ReadOnlyPath(path, mode);
        }

        if (CanWrite(path))
        {
            readOnly.Dispose();
            whyNot = $"{path} could still be written after it was made read-only";
            return null;
        }

        return readOnly;
    }

    public void Dispose()
    {
        if (_mode is { } mode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_path, mode);
        }
        else
        {
            Chattr("-i", _path);
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var probe = Path.Combine(path, ".write-probe");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            else
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            }

            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static (int Code, string Error) Chattr(string change, string path)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(change);
        start.ArgumentList.Add(path);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"chattr could not be started: {e.Message}");
        }
    }
}
