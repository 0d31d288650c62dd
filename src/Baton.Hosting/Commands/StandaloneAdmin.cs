using Baton.Configuration;
using Baton.Web.Auth;

namespace Baton.Hosting.Commands;

/// <summary>
/// The user <c>standalone</c> creates, as <c>airflow standalone</c> does: <c>admin</c> with the role Admin and a generated
/// password, only when the database has no user at all. The password is printed once by the command and kept in
/// <c>BATON_HOME/standalone_admin_password.txt</c>, readable by its owner only (0600); it never reaches a log.
/// </summary>
internal static class StandaloneAdmin
{
    public const string Username = "admin";

    public const string Role = "Admin";

    /// <summary>The file that keeps the generated password.</summary>
    public static string PasswordFile(BatonPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Home, "standalone_admin_password.txt");
    }

    /// <summary>
    /// Creates <c>admin</c> when there is no user; returns its password and, when the password file could not be written
    /// (the password is then shown only on the terminal), why; null when users existed.
    /// </summary>
    public static async Task<(string Password, string? FileProblem)?> CreateIfNoUserAsync(UserService users, BatonPaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (await users.CountAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return null;
        }

        var password = UserService.GeneratePassword();
        try
        {
            await users.CreateAsync(Username, Role, password, cancellationToken).ConfigureAwait(false);
        }
        catch (UserManagementException)
        {
            if (await users.FindAsync(Username, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            // Another standalone on this home created it a moment ago: its password is the one in the file.
            return null;
        }

        try
        {
            WritePasswordFile(PasswordFile(paths), password);
            return (password, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The user exists now: its password must still reach the person starting Baton, on the terminal.
            return (password, e.Message);
        }
    }

    /// <summary>Whether <c>admin</c> exists and its password file is there (so the file is worth pointing to).</summary>
    public static async Task<bool> PasswordFileIsCurrentAsync(UserService users, BatonPaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        return File.Exists(PasswordFile(paths)) && await users.FindAsync(Username, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Writes the file whole with mode 0600 before it appears under its name, so nobody can read it half-written or with wider rights.</summary>
    private static void WritePasswordFile(string path, string password)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            {
                writer.Write(password + "\n");
            }

            if (!OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask; set it outright so the mode is exactly 0600.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
