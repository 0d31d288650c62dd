using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Dags;

/// <summary>
/// The DAGs found in a set of assemblies, with the load errors of those that could not be loaded (Airflow's import errors).
/// A broken DAG does not keep the others from running.
/// </summary>
public sealed class DagBag
{
    private readonly Dictionary<string, Dag> _dags;

    private DagBag(Dictionary<string, Dag> dags, IReadOnlyList<DagDefinitionException> errors)
    {
        _dags = dags;
        Errors = errors;
    }

    /// <summary>The loaded DAGs, ordered by id.</summary>
    public IReadOnlyList<Dag> Dags => _dags.Values.OrderBy(d => d.DagId, StringComparer.Ordinal).ToList();

    /// <summary>The DAGs that could not be loaded, each with its problems.</summary>
    public IReadOnlyList<DagDefinitionException> Errors { get; }

    /// <summary>Returns the DAG with this id, or null.</summary>
    public Dag? Find(string dagId) => _dags.GetValueOrDefault(dagId);

    /// <summary>Returns the DAG with this id.</summary>
    /// <exception cref="DagNotFoundException">There is no such DAG (or it failed to load; the message then says why).</exception>
    public Dag Get(string dagId)
    {
        if (_dags.TryGetValue(dagId, out var dag))
        {
            return dag;
        }

        var error = Errors.FirstOrDefault(e => e.DagId == dagId);
        throw error is not null
            ? new DagNotFoundException(dagId, error.Message)
            : new DagNotFoundException(dagId, $"DAG '{dagId}' not found; known DAGs: {string.Join(", ", _dags.Keys.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Loads every <see cref="IDagDefinition"/> class of the assemblies.</summary>
    public static DagBag FromAssemblies(IEnumerable<Assembly> assemblies) => FromAssemblies(assemblies, null);

    /// <summary>
    /// Loads every <see cref="IDagDefinition"/> class of the assemblies; with <paramref name="services"/>, a DAG whose task
    /// class (<see cref="DagBuilder.With{TTasks}"/>) takes a constructor parameter that is not a registered service fails
    /// to load, naming the task and the parameter.
    /// </summary>
    public static DagBag FromAssemblies(IEnumerable<Assembly> assemblies, IServiceProviderIsService? services)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var definitions = new List<IDagDefinition>();
        var errors = new List<DagDefinitionException>();
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()).Where(IsDefinition).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            try
            {
                definitions.Add((IDagDefinition)Activator.CreateInstance(type)!);
            }
            catch (TargetInvocationException e)
            {
                errors.Add(new DagDefinitionException(type.FullName ?? type.Name, $"constructor of {type.FullName} threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}", e.InnerException));
            }
        }

        return FromDefinitions(definitions, errors, services);
    }

    /// <summary>Loads the given definitions.</summary>
    public static DagBag FromDefinitions(IEnumerable<IDagDefinition> definitions) => FromDefinitions(definitions, [], null);

    private static DagBag FromDefinitions(IEnumerable<IDagDefinition> definitions, List<DagDefinitionException> errors, IServiceProviderIsService? services)
    {
        var dags = new Dictionary<string, Dag>(StringComparer.Ordinal);
        var definedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            try
            {
                var dag = Dag.Load(definition);
                if (services is not null && TaskClassCheck.Problems(dag, services) is { Count: > 0 } problems)
                {
                    throw new DagDefinitionException(dag.DagId, problems);
                }

                var typeName = definition.GetType().FullName ?? definition.GetType().Name;
                if (!dags.TryAdd(dag.DagId, dag))
                {
                    errors.Add(new DagDefinitionException(dag.DagId, [$"{typeName} uses the dag id of {definedBy[dag.DagId]}; DAG ids must be unique"]));
                }
                else
                {
                    definedBy[dag.DagId] = typeName;
                }
            }
            catch (DagDefinitionException e)
            {
                errors.Add(e);
            }
        }

        return new DagBag(dags, errors);
    }

    private static bool IsDefinition(Type type) =>
        typeof(IDagDefinition).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }
        && type.GetConstructor(Type.EmptyTypes) is not null;
}
