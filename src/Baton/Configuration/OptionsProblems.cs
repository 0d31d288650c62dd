using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Turns a list of problems into a validation result that reports all of them.</summary>
internal static class OptionsProblems
{
    public static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}
