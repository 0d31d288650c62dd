using Baton.Compression;
using Baton.Storage;
using Baton.XComs.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>
/// Checks the <c>xcom</c> settings against what the app has registered: the backend resolves to a type, the compression
/// is a known codec, and the object-storage path is an absolute URL whose scheme a registered store provider opens.
/// </summary>
internal sealed class XComOptionsValidator(
    XComBackendFactory backends, CompressionCodecRegistry codecs, IServiceProvider services, BatonSettingNames? names = null)
    : IValidateOptions<XComOptions>
{
    /// <summary>Which package and call adds the provider of a scheme a user may expect.</summary>
    private static readonly Dictionary<string, string> ProviderPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s3"] = "services.AddBatonS3() from Baton.Storage.S3",
        ["gs"] = "services.AddBatonGcs() from Baton.Storage.Gcs",
        ["gcs"] = "services.AddBatonGcs() from Baton.Storage.Gcs",
        ["az"] = "services.AddBatonAzure() from Baton.Storage.Azure",
        ["abfs"] = "services.AddBatonAzure() from Baton.Storage.Azure",
        ["abfss"] = "services.AddBatonAzure() from Baton.Storage.Azure",
        ["wasb"] = "services.AddBatonAzure() from Baton.Storage.Azure",
        ["wasbs"] = "services.AddBatonAzure() from Baton.Storage.Azure",
    };

    /// <summary>The largest inline size that may be set: a database row holds the value whole, in memory.</summary>
    internal const long MaxInlineSizeLimit = 1_000_000_000;

    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, XComOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxInlineSize is < 1 or > MaxInlineSizeLimit)
        {
            problems.Add($"{Name("max_inline_size")} must be between 1 and {MaxInlineSizeLimit} bytes, not {options.MaxInlineSize}");
        }

        if (options.Threshold < -1)
        {
            problems.Add($"{Name("threshold")} must be -1 (everything in the database), 0 (everything in the store) or a size in bytes, not {options.Threshold}");
        }

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromHours(1))
        {
            problems.Add($"{Name("request_timeout")} must be from 00:00:01 to 01:00:00 (hh:mm:ss, e.g. 00:00:30), not {options.RequestTimeout:c}");
        }

        if (string.IsNullOrWhiteSpace(options.Compression))
        {
            problems.Add($"{Name("compression")} must not be empty: use one of {string.Join(", ", codecs.Names)}");
        }
        else if (codecs.Find(options.Compression) is null)
        {
            problems.Add($"{Name("compression")}='{options.Compression}' is not a known compression; use one of {string.Join(", ", codecs.Names)}");
        }

        Type? backend = null;
        if (string.IsNullOrWhiteSpace(options.Backend))
        {
            problems.Add($"{Name("backend")} must not be empty: use 'database', 'objectstorage' or the assembly-qualified name of an XComBackend subclass");
        }
        else
        {
            try
            {
                backend = backends.ResolveType(options.Backend, Name("backend"));
            }
            catch (BatonConfigurationException e)
            {
                problems.Add(e.Message);
            }
        }

        if (SecretText.Mask(options.Path) is var shown && shown != options.Path)
        {
            // Whatever the backend: a secret in a setting ends up in shell history, CI logs and `config list`.
            problems.Add($"{Name("path")}='{shown}' holds credentials; Baton does not take them in a setting. Keep them in a connection, as Airflow does " +
                "(baton connections add NAME --conn-uri …, or BATON_CONN_NAME), and name it in the path: s3://NAME@bucket/prefix");
        }
        else if (backend is not null && typeof(ObjectStorageXComBackend).IsAssignableFrom(backend) && PathProblem(options.Path) is { } pathProblem)
        {
            problems.Add(pathProblem);
        }

        return OptionsProblems.Result(problems);
    }

    private string Name(string key) => _names.Of("xcom", key);

    private string? PathProblem(string path)
    {
        const string Examples = "e.g. file:///var/baton/xcom or s3://conn_id@bucket/prefix";
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{Name("path")} must be set when {Name("backend")} is objectstorage, {Examples}";
        }

        if (!Uri.TryCreate(path.Trim(), UriKind.Absolute, out var url))
        {
            return $"{Name("path")}='{path}' is not an absolute URL; write it as a URL, {Examples}";
        }

        // Resolved only here: a provider's dependencies (connections, the database) are not needed to check the rest.
        var known = services.GetServices<IObjectStoreProvider>().SelectMany(p => p.Schemes).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            var hint = ProviderPackages.TryGetValue(url.Scheme, out var package) ? $"; register it with {package}" : "";
            return $"{Name("path")}='{SecretText.Mask(url.OriginalString)}': no object store for '{url.Scheme}://' is registered in this app (known: " +
                $"{string.Join(", ", known.Select(s => s + "://"))}){hint}";
        }

        if (url.IsFile && (!string.IsNullOrEmpty(url.Host) || !Path.IsPathRooted(url.LocalPath)))
        {
            return $"{Name("path")}='{SecretText.Mask(url.OriginalString)}' is not a local directory URL; write it as file:///absolute/path";
        }

        return null;
    }
}
