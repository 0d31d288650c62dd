using Baton.Metadata.Sqlite;
using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>Checks the <c>database</c> settings; the connection string is never quoted, since it may hold a password.</summary>
internal sealed class DatabaseOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<DatabaseOptions>
{
    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                problems.AddRange(SqliteDialect.Problems(options.ConnectionString, _names.Of("database", "connection_string")));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                problems.Add($"{_names.Of("database", "connection_string")} is not a valid SQLite connection string " +
                    $"(e.g. Data Source=/var/baton/baton.db): {SecretText.Mask(e.Message, options.ConnectionString)}");
            }
        }

        return OptionsProblems.Result(problems);
    }
}
