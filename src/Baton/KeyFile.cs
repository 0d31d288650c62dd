using System.Security.Cryptography;
using System.Text;

namespace Baton;

/// <summary>
/// A file under <c>BATON_HOME</c> that holds random bytes as base64 text, readable by its owner only, created on first use
/// by exactly one process (the encryption key, the installation's ownership key).
/// </summary>
internal static class KeyFile
{
    /// <summary>Reads the key, creating the file with <paramref name="size"/> random bytes when it does not exist.</summary>
    /// <returns>The key, or null when the file holds something else.</returns>
    public static byte[]? LoadOrCreate(string path, int size)
    {
        if (!File.Exists(path))
        {
            Create(path, size);
        }

        // A process that just claimed the file may still be writing its key: give it a moment before calling the file bad.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Decode(File.ReadAllText(path), size) is { } key)
            {
                return key;
            }

            Thread.Sleep(20);
        }

        return Decode(File.ReadAllText(path), size);
    }

    /// <summary>The key in base64 text, or null when the text is not the base64 of <paramref name="size"/> bytes.</summary>
    public static byte[]? Decode(string text, int size)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == size ? buffer[..size] : null;
    }

    private static void Create(string path, int size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(size);
        try
        {
            // CreateNew is O_EXCL: exactly one process claims the file, so no key ever replaces another (a rename could,
            // where the platform falls back from link to rename). Readers wait while the claimant writes.
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, fileOptions))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The create mode is filtered by the umask; set it outright so the mode is exactly 0600.
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process claimed the file first; its key is the one to use.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
