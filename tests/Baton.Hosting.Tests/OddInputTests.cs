using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>A home with one finished run of <c>cli_pipeline</c>, shared by every odd-input case.</summary>
public sealed class OddInputHome : IAsyncLifetime
{
    internal CliRunner Cli { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var run = await Cli.RunAsync("dags", "test", "cli_pipeline", "2024-01-02", "-q");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public ValueTask DisposeAsync()
    {
        Cli.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Every command of the command line, each argument and option given odd input as a careless or hostile user types it
/// (empty, blanks, dot segments, a path, 10,000 characters, control and escape characters, a NUL, emoji, a URL, a
/// number out of range): the command answers with exit 0, 1 or 2, its errors are <c>error:</c> lines with no stack
/// trace, control characters never reach the terminal raw, and the home is still usable afterwards.
/// </summary>
public sealed class OddInputTests(OddInputHome home) : IClassFixture<OddInputHome>
{
    private const string RunId = "manual__2024-01-02T00:00:00+00:00";

    /// <summary>What users type where an id, a date, a path or a number belongs.</summary>
    private static readonly string[] OddValues =
    [
        "", " ", ".", "..", "../../etc/passwd", "a/b\\c", new string('x', 10_000), "a\u001b[31mred\u0007b", "nul\0byte", "é🎉\u202Eevil",
        "-1", "99999999999999999999", "s3://user:S3CR3T@host/bucket?sig=S3CR3T", "--", "%2e%2e", "2024-02-30",
    ];

    /// <summary>Each command with <c>{}</c> where the odd value goes (<c>{home}</c>: the test's directory, so no file lands elsewhere); the others hold valid values.</summary>
    private static readonly string[] Templates =
    [
        "dags list-runs {}",
        "dags test {} 2024-01-03",
        "dags test cli_pipeline {}",
        "dags test cli_pipeline 2024-01-03 --conf {}",
        "dags trigger {}",
        "dags trigger cli_pipeline --run-id {}",
        "dags trigger cli_pipeline --logical-date {}",
        "dags trigger cli_pipeline --conf {}",
        "dags backfill cli_pipeline --start-date {} --end-date 2024-01-01",
        "dags backfill cli_pipeline --start-date 2024-01-01 --end-date {}",
        "dags clear {} --yes",
        "dags delete cli_pipeline --run-id {} --yes",
        "dags pause {}",
        "dags unpause {}",
        "tasks list {}",
        "tasks test cli_pipeline {} 2024-01-02",
        "tasks test cli_pipeline extract {}",
        "tasks logs cli_pipeline {} extract",
        "tasks logs cli_pipeline " + RunId + " {}",
        "tasks logs cli_pipeline " + RunId + " extract --try-number {}",
        "tasks logs cli_pipeline " + RunId + " extract --map-index {}",
        "tasks states-for-dag-run cli_pipeline {}",
        "tasks clear cli_pipeline --task-regex {} --yes",
        "xcom list --dag-id {}",
        "xcom get cli_pipeline " + RunId + " {}",
        "xcom get cli_pipeline {} extract",
        "xcom get cli_pipeline " + RunId + " extract --key {}",
        // Three directories deep: "../../etc/passwd" must still land inside the test's directory (it once overwrote /etc/passwd).
        "xcom get cli_pipeline " + RunId + " extract --output {home}/out/a/b/{}",
        "xcom delete {} --yes",
        "xcom sweep --grace {}",
        "xcom inspect {}",
        "connections add {} --conn-uri aws://",
        "connections add odd --conn-uri {}",
        "connections add odd --conn-json {}",
        "connections get {}",
        "connections delete {}",
        "connections test {}",
        "db clean --clean-before-timestamp {} --yes",
        "config list {}",
        "{}",
    ];

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var template in Templates)
        {
            for (var i = 0; i < OddValues.Length; i++)
            {
                cases.Add(template, i);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OddInput_IsAnsweredWithAnErrorLineOrAResult_NeverAStackTraceOrRawControlCharacters(string template, int value)
    {
        var odd = OddValues[value];
        var args = template.Split(' ').Select(a => a.Replace("{home}", home.Cli.Home, StringComparison.Ordinal).Replace("{}", odd, StringComparison.Ordinal)).ToArray();
        foreach (var path in args.Where(a => a.StartsWith(home.Cli.Home, StringComparison.Ordinal)))
        {
            // A test that writes files must not write outside its own directory, whatever the odd value does to the path.
            Assert.StartsWith(home.Cli.Home + Path.DirectorySeparatorChar, Path.GetFullPath(path.Replace("\0", "", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        Directory.CreateDirectory(Path.Combine(home.Cli.Home, "out", "a", "b"));

        var result = await home.Cli.RunAsync(args, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode is 0 or 1 or 2, result.ToString());
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("S3CR3T", result.Output + result.Error, StringComparison.Ordinal);
        foreach (var text in new[] { result.Output, result.Error })
        {
            Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007' or '\0' or '\u202E');
        }

        if (result.ExitCode != 0)
        {
            var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();
            // A prompt answered with nothing ("--" makes "--yes" an argument) cancels without an error.
            Assert.True(errors.Length > 0 || result.Output.Contains("Cancelled, nothing was changed.", StringComparison.Ordinal), result.ToString());
            Assert.True(errors.Length == 0 || errors[0].StartsWith("error:", StringComparison.Ordinal), result.ToString());
        }

        var after = await home.Cli.RunAsync("dags", "list-runs", "cli_pipeline");
        Assert.True(after.ExitCode == 0, after.ToString());
    }
}
