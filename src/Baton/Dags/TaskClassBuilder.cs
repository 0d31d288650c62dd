using Baton.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Dags;

/// <summary>
/// Declares tasks that are methods of a task class whose constructor takes services, as Temporal's activity classes:
/// <c>dag.With&lt;PokemonTasks&gt;().Task("fetch", (tasks, ctx) =&gt; tasks.FetchAsync(ctx))</c>. For each try an instance
/// is built in a dependency-injection scope of its own (a scoped service is new per try), and disposed with the scope
/// after the try. The class need not be registered; each parameter of its constructor must be a registered service, or
/// the DAG fails to load naming the DAG, the task and the parameter.
/// </summary>
/// <typeparam name="TTasks">The task class.</typeparam>
public sealed partial class TaskClassBuilder<TTasks> where TTasks : class
{
    private readonly DagBuilder _dag;

    internal TaskClassBuilder(DagBuilder dag)
    {
        _dag = dag;
    }

    private static async Task<object?> WithInstance(TaskContext context, Func<TTasks, Task<object?>> body)
    {
        var registered = context.Services.GetService<TTasks>();
        var tasks = registered ?? ActivatorUtilities.CreateInstance<TTasks>(context.Services);
        try
        {
            return await body(tasks).ConfigureAwait(false);
        }
        finally
        {
            // A registered instance belongs to the container (and its scope); one built here is ours to dispose.
            if (registered is null)
            {
                await Disposal.DisposeAsync(tasks).ConfigureAwait(false);
            }
        }
    }

    private static T Arg<T>(object?[] arguments, int index) => arguments[index] is { } value ? (T)value : default!;

    private static async Task<object?> Box<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static async Task<object?> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static Task<object?> Run(Action action)
    {
        action();
        return System.Threading.Tasks.Task.FromResult<object?>(null);
    }
}
