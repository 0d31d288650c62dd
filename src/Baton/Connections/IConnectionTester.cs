namespace Baton.Connections;

/// <summary>Checks that a connection works: for storage connections, that a bucket or container is reachable and writable.</summary>
public interface IConnectionTester
{
    /// <summary>The connection types this tester handles (<c>aws</c>, <c>google_cloud_platform</c>, <c>wasb</c>, …).</summary>
    IReadOnlyCollection<string> ConnectionTypes { get; }

    /// <summary>Tests the connection; never throws for a failed check, it reports it.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="container">The bucket or container to write a probe object to, or null for the connection's own default.</param>
    /// <param name="cancellationToken">Cancels the test.</param>
    Task<ConnectionTestResult> TestAsync(Connection connection, string? container, CancellationToken cancellationToken = default);
}
