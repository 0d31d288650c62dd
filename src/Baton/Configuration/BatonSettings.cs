using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>
/// Builds Baton's configuration: <c>baton.json</c> in the working directory, then environment variables
/// (<c>BATON__SECTION__KEY</c>, and <c>BATON_HOME</c> for <c>core:home</c>), the later winning.
/// </summary>
internal static class BatonSettings
{
    /// <summary>The settings file read from the working directory.</summary>
    public const string SettingsFileName = "baton.json";

    /// <summary>The prefix of setting variables.</summary>
    public const string VariablePrefix = "BATON__";

    /// <summary>The variable that sets the home directory (<c>core:home</c>).</summary>
    public const string HomeVariable = "BATON_HOME";

    internal const string HomeKey = "core:home";

    /// <summary>Builds the configuration for an environment.</summary>
    /// <exception cref="BatonConfigurationException"><c>baton.json</c> cannot be read, is not valid JSON or does not hold a JSON object.</exception>
    public static IConfigurationRoot Build(BatonEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var builder = new ConfigurationBuilder();
        AddSources(builder, environment);
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(environment, e);
        }
    }

    /// <summary>
    /// Adds Baton's sources to <paramref name="builder"/> (a host's configuration, say): <c>baton.json</c> of the working
    /// directory, then the <c>BATON__…</c> variables and <c>.env</c>, each winning over what the builder had before.
    /// </summary>
    /// <exception cref="BatonConfigurationException">The builder loads sources as they are added (a <c>ConfigurationManager</c>) and <c>baton.json</c> is unreadable.</exception>
    public static void AddSources(IConfigurationBuilder builder, BatonEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            builder.AddJsonFile(source =>
            {
                // Its own file provider: the builder's base path (a host's content root) is not Baton's working directory.
                source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(environment.WorkingDirectory);
                source.Path = SettingsFileName;
                source.Optional = true;
                source.ReloadOnChange = false;
            });
            builder.Add(new BatonVariablesConfigurationSource(environment));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(environment, e);
        }
    }

    private static BatonConfigurationException Invalid(BatonEnvironment environment, Exception e) =>
        new($"{SettingsFileName} ('{Path.Combine(environment.WorkingDirectory, SettingsFileName)}') {Reason(e)}", e);

    private static string Reason(Exception e)
    {
        // The JSON provider wraps the parser's error in InvalidDataException and FormatException.
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var message = json.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0];
                return $"is not valid JSON at line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}: {message}";
            }
        }

        if (e.InnerException is FormatException format)
        {
            return $"is not a settings file: {format.Message} Write it as {{\"section\": {{\"key\": value}}}}, e.g. {{\"xcom\": {{\"backend\": \"database\"}}}}.";
        }

        return $"cannot be read: {e.Message}";
    }
}
