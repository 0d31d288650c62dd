using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Baton.Configuration;
using Baton.Hosting.Cli;
using Microsoft.Extensions.Configuration;

namespace Baton.Hosting.Commands;

/// <summary><c>config list</c>: the effective settings, secrets masked.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("config", "Show settings");
        var list = new Command("list", "Print every effective setting (secrets masked) and the variable that sets it");
        list.SetAction(context.Action((parse, ct) =>
        {
            var rows = new List<string?[]>();
            foreach (var section in context.Get<IEnumerable<BatonSettingsSection>>().DistinctBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
            {
                Add(rows, section.Name, section.Resolve(context.Services));
            }

            rows.Add(["paths", "home (absolute)", context.Get<BatonPaths>().Home, "BATON_HOME"]);
            TableWriter.Write(context.Output, ["section", "key", "value", "variable"], rows);
            return Task.FromResult(0);
        }));
        command.Subcommands.Add(list);
        return command;
    }

    private static void Add(List<string?[]> rows, string section, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var raw = Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture) ?? "";
            // A key that names a secret (encryption_key, api_token) is hidden whole; any other value loses only what looks like one.
            var value = SecretText.IsSecretKey(key) ? (raw.Length == 0 ? "" : "***") : SecretText.Mask(raw);
            rows.Add([section, key, value, BatonSettingNames.VariableFor($"{section}:{key}")]);
        }
    }
}
