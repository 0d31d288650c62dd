using Baton.Tasks;

namespace Baton.Dags;

/// <summary>Calls a task's delegate with its resolved arguments and returns what it returned (null for a task that returns nothing).</summary>
internal delegate Task<object?> TaskInvoker(TaskContext context, object?[] arguments);
