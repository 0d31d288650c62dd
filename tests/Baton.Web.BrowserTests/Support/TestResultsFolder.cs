namespace Baton.Web.BrowserTests.Support;

/// <summary>
/// Where the browser tests keep their screenshots, HTML and downloads: <c>browser/</c> under the test run's results
/// directory (the <c>--results-directory</c> scripts/test.sh gives <c>dotnet test</c>, which passes it on to this test
/// app; BATON_TEST_RESULTS overrides it), or under <c>TestResults/</c> in the test's output directory when run without one.
/// </summary>
internal static class TestResultsFolder
{
    public static string Browser { get; } = Path.Combine(Find(), "browser");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("BATON_TEST_RESULTS") is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var args = Environment.GetCommandLineArgs();
        var at = Array.IndexOf(args, "--results-directory");
        return at >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}
