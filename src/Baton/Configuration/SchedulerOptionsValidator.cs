using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks the <c>scheduler</c> settings.</summary>
internal sealed class SchedulerOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<SchedulerOptions>
{
    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{_names.Of("scheduler", "poll_interval")} must be positive, not {options.PollInterval}");
        }

        return OptionsProblems.Result(problems);
    }
}
