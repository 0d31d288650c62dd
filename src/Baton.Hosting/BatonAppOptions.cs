using System.Reflection;
using Baton.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hosting;

/// <summary>How a user's app hosts Baton: where its DAGs are, extra services, and (for tests) the environment and console.</summary>
public sealed class BatonAppOptions
{
    /// <summary>The assemblies searched for <see cref="Dags.IDagDefinition"/> classes.</summary>
    public IList<Assembly> DagAssemblies { get; } = [];

    /// <summary>Registers the app's own services (an <c>HttpClient</c>, a custom XCom backend's dependencies, serializers).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>The environment; the process's when null.</summary>
    public BatonEnvironment? Environment { get; set; }

    /// <summary>Standard output; the console when null.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>Standard input, for confirmations; the console's when null.</summary>
    public TextReader? Input { get; set; }

    /// <summary>Standard error; the console's when null.</summary>
    public TextWriter? Error { get; set; }
}
