using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Dags;

/// <summary>Checks at DAG load that each task class (<see cref="DagBuilder.With{TTasks}"/>) can be built from the registered services.</summary>
internal static class TaskClassCheck
{
    /// <summary>One line per constructor parameter no registered service satisfies, naming the task, the class and the parameter.</summary>
    public static List<string> Problems(Dag dag, IServiceProviderIsService services)
    {
        var problems = new List<string>();
        foreach (var task in dag.Tasks)
        {
            if (task.TaskClass is not { } type || services.IsService(type))
            {
                continue;
            }

            var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
            if (constructors.Length == 0)
            {
                problems.Add($"task '{task.TaskId}': task class {type.Name} has no public constructor");
                continue;
            }

            // Dependency injection takes a constructor whose parameters it can all supply; name what the closest one lacks.
            var missing = constructors
                .Select(c => c.GetParameters().Where(p => !p.HasDefaultValue && !services.IsService(p.ParameterType)).ToList())
                .OrderBy(m => m.Count)
                .First();
            problems.AddRange(missing.Select(p =>
                $"task '{task.TaskId}': parameter '{p.Name}' ({p.ParameterType.Name}) of {type.Name}'s constructor is not a registered service; " +
                $"register it in the app's services (e.g. services.AddSingleton<{p.ParameterType.Name}>() or services.AddHttpClient<{p.ParameterType.Name}>())"));
        }

        return problems;
    }
}
