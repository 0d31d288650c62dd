using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks the <c>scheduler</c> settings.</summary>
internal sealed class SchedulerOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<SchedulerOptions>
{
    /// <summary>The shortest poll interval: shorter would only spin the database.</summary>
    internal static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest poll interval: a scheduler that looks once a day is a typo, not a setting.</summary>
    internal static readonly TimeSpan MaxPollInterval = TimeSpan.FromDays(1);

    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.PollInterval < MinPollInterval || options.PollInterval > MaxPollInterval)
        {
            problems.Add($"{_names.Of("scheduler", "poll_interval")} must be between {MinPollInterval:c} and {MaxPollInterval:c} (one day), not {options.PollInterval:c}");
        }

        return OptionsProblems.Result(problems);
    }
}
