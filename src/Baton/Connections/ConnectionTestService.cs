using Baton.Configuration;
using Microsoft.Extensions.Options;

namespace Baton.Connections;

/// <summary>
/// Tests a connection with the tester registered for its type (<c>connections test</c>, the web server's test): the bucket
/// or container probed is the one given, else the one <c>BATON__XCOM__PATH</c> names for this connection, else the
/// connection's own default.
/// </summary>
internal sealed class ConnectionTestService(IEnumerable<IConnectionTester> testers, IOptions<XComOptions> xcomOptions)
{
    /// <summary>The tester for a connection type, or null when no registered provider handles it.</summary>
    public IConnectionTester? TesterFor(string connType) =>
        testers.FirstOrDefault(t => t.ConnectionTypes.Contains(connType, StringComparer.OrdinalIgnoreCase));

    /// <summary>Why a type cannot be tested, for a message: no provider package handles it.</summary>
    public static string NoTesterMessage(string connType) =>
        $"no tester for connection type '{connType}' (add the provider package that handles it, e.g. Baton.Storage.S3 for aws)";

    /// <summary>Tests the connection; null when no tester handles its type (see <see cref="NoTesterMessage"/>).</summary>
    /// <param name="connection">The connection, stored or not.</param>
    /// <param name="container">The bucket or container (optionally <c>BUCKET/PREFIX</c>) to probe, or null for the default.</param>
    /// <param name="cancellationToken">Cancels the test.</param>
    public async Task<ConnectionTestResult?> TestAsync(Connection connection, string? container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (TesterFor(connection.ConnType) is not { } tester)
        {
            return null;
        }

        return await tester.TestAsync(connection, container ?? ContainerFromXComPath(connection.ConnId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bucket and prefix of <c>BATON__XCOM__PATH</c> when it names this connection: the probe goes under the prefix, which a least-privilege policy may be limited to.</summary>
    private string? ContainerFromXComPath(string connId)
    {
        var path = xcomOptions.Value.Path;
        return Uri.TryCreate(path, UriKind.Absolute, out var uri) && string.Equals(Uri.UnescapeDataString(uri.UserInfo), connId, StringComparison.Ordinal)
            ? uri.Host + Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/')
            : null;
    }
}
