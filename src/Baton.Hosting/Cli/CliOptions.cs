using System.CommandLine;

namespace Baton.Hosting.Cli;

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public static Option<bool> Yes() => new("--yes", "-y") { Description = "Do not ask for confirmation" };

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Report what would be deleted; delete nothing" };
}
