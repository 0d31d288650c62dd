using Baton.Configuration;
using Baton.Serialization;
using Baton.Storage;

namespace XComTutorial.Include;

/// <summary>
/// The tutorial's step 4, in C#, on the "Local" tab: a custom XCom backend that writes every value as a JSON file to a
/// local directory (<c>BATON_HOME/tutorial-xcoms</c>) and keeps only a reference string with its own prefix in the metadata
/// database. <see cref="S3JsonXComBackend"/> is the same backend on S3. Select it in .env:
/// <c>BATON__XCOM__BACKEND=XComTutorial.Include.LocalJsonXComBackend, XComTutorial</c>.
/// </summary>
public sealed class LocalJsonXComBackend : JsonFileXComBackend
{
    /// <summary>The prefix of the reference strings this backend keeps in the database.</summary>
    public const string Prefix = "xcom_local://";

    /// <summary>The directory under BATON_HOME that holds the values.</summary>
    public const string DirectoryName = "tutorial-xcoms";

    private readonly ObjectStoreAddress _home;

    /// <summary>Creates the backend; Baton constructs it with dependency injection, so any registered service can be asked for.</summary>
    /// <param name="paths">Where BATON_HOME is.</param>
    /// <param name="serializers">The app's serializers (see <see cref="JsonFileXComBackend"/>).</param>
    public LocalJsonXComBackend(BatonPaths paths, XComSerializerRegistry serializers) : base(Prefix, serializers)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _home = new ObjectStoreAddress(new LocalObjectStore(Path.Combine(paths.Home, DirectoryName)), "");
    }

    /// <inheritdoc />
    protected override ValueTask<ObjectStoreAddress> OpenStoreAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_home);
}
