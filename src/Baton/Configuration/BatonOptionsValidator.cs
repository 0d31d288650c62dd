using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks Baton's settings at start, reporting every problem of a section at once with the variable that sets it.</summary>
internal sealed class BatonOptionsValidator : IValidateOptions<CoreOptions>, IValidateOptions<XComOptions>, IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, CoreOptions options)
    {
        var problems = new List<string>();
        if (options.Parallelism < 1)
        {
            problems.Add($"BATON__CORE__PARALLELISM must be at least 1, not {options.Parallelism}");
        }

        if (string.IsNullOrWhiteSpace(options.Home))
        {
            problems.Add("BATON_HOME (core:home) must not be empty");
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, XComOptions options)
    {
        var problems = new List<string>();
        if (options.MaxInlineSize < 1)
        {
            problems.Add($"BATON__XCOM__MAX_INLINE_SIZE must be a positive number of bytes, not {options.MaxInlineSize}");
        }

        if (string.IsNullOrWhiteSpace(options.Backend))
        {
            problems.Add("BATON__XCOM__BACKEND must not be empty: use 'database', 'objectstorage' or the assembly-qualified name of an XComBackend subclass");
        }

        if (options.Threshold < -1)
        {
            problems.Add($"BATON__XCOM__THRESHOLD must be -1 (everything in the database), 0 (everything in the store) or a size in bytes, not {options.Threshold}");
        }

        if (string.Equals(options.Backend, XComOptions.ObjectStorageBackend, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.Path))
        {
            problems.Add("BATON__XCOM__PATH must be set when BATON__XCOM__BACKEND=objectstorage, e.g. file:///var/baton/xcom or s3://conn_id@bucket/prefix");
        }

        if (string.IsNullOrWhiteSpace(options.Compression))
        {
            problems.Add("BATON__XCOM__COMPRESSION must not be empty: use none, gzip, zstd or brotli");
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var problems = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"BATON__SCHEDULER__POLL_INTERVAL must be positive, not {options.PollInterval}");
        }

        return Result(problems);
    }

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}
