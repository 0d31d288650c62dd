using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web;

/// <summary>
/// The services of Baton's engine (DAGs, metadata store, XCom service, run service, connections) as the web server
/// reaches them. In an app that hosts the server itself, they are the app's own services; the <c>webserver</c> command
/// runs the server in a web host of its own beside the command line's services, and this is the one bridge between them.
/// </summary>
internal sealed class BatonEngine(IServiceProvider services)
{
    /// <summary>The engine's service provider.</summary>
    public IServiceProvider Services { get; } = services;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public IEnumerable<T> GetAll<T>() => Services.GetServices<T>();
}
