// Overloads of Task and Map for 0 to 4 inputs; written out by hand-run script so each reads as plain C#.
using Baton.Execution;

namespace Baton.Dags;

public sealed partial class DagBuilder
{
    /// <summary>Adds a task that runs a function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<TOut>(string taskId, Func<TOut> fn) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn()));

    /// <summary>Adds a task that runs an async function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<TOut>(string taskId, Func<Task<TOut>> fn) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn()));

    /// <summary>Adds a task that runs a function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<TOut>(string taskId, Func<TaskContext, TOut> fn) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(ctx)));

    /// <summary>Adds a task that runs an async function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<TOut>(string taskId, Func<TaskContext, Task<TOut>> fn) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(ctx)));

    /// <summary>Adds a task that runs an action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    public TaskHandle Task(string taskId, Action fn) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn()));

    /// <summary>Adds a task that runs an async action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    public TaskHandle Task(string taskId, Func<Task> fn) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn()));

    /// <summary>Adds a task that runs an action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    public TaskHandle Task(string taskId, Action<TaskContext> fn) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(ctx)));

    /// <summary>Adds a task that runs an async action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    public TaskHandle Task(string taskId, Func<TaskContext, Task> fn) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(ctx)));

    /// <summary>Adds a task that runs a function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, TOut>(string taskId, Func<T1, TOut> fn, IXComArg<T1> input1) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0))), In(input1, taskId));

    /// <summary>Adds a task that runs an async function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, TOut>(string taskId, Func<T1, Task<TOut>> fn, IXComArg<T1> input1) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0))), In(input1, taskId));

    /// <summary>Adds a task that runs a function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, TOut>(string taskId, Func<T1, TaskContext, TOut> fn, IXComArg<T1> input1) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), ctx)), In(input1, taskId));

    /// <summary>Adds a task that runs an async function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, TOut>(string taskId, Func<T1, TaskContext, Task<TOut>> fn, IXComArg<T1> input1) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), ctx)), In(input1, taskId));

    /// <summary>Adds a task that runs an action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    public TaskHandle Task<T1>(string taskId, Action<T1> fn, IXComArg<T1> input1) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0))), In(input1, taskId));

    /// <summary>Adds a task that runs an async action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    public TaskHandle Task<T1>(string taskId, Func<T1, Task> fn, IXComArg<T1> input1) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0))), In(input1, taskId));

    /// <summary>Adds a task that runs an action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    public TaskHandle Task<T1>(string taskId, Action<T1, TaskContext> fn, IXComArg<T1> input1) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), ctx)), In(input1, taskId));

    /// <summary>Adds a task that runs an async action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    public TaskHandle Task<T1>(string taskId, Func<T1, TaskContext, Task> fn, IXComArg<T1> input1) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), ctx)), In(input1, taskId));

    /// <summary>Adds a task that runs a function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, TOut>(string taskId, Func<T1, T2, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1))), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an async function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, TOut>(string taskId, Func<T1, T2, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1))), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs a function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, TOut>(string taskId, Func<T1, T2, TaskContext, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), ctx)), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an async function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, TOut>(string taskId, Func<T1, T2, TaskContext, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), ctx)), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    public TaskHandle Task<T1, T2>(string taskId, Action<T1, T2> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1))), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an async action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    public TaskHandle Task<T1, T2>(string taskId, Func<T1, T2, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1))), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    public TaskHandle Task<T1, T2>(string taskId, Action<T1, T2, TaskContext> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1), ctx)), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs an async action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    public TaskHandle Task<T1, T2>(string taskId, Func<T1, T2, TaskContext, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), ctx)), In(input1, taskId), In(input2, taskId));

    /// <summary>Adds a task that runs a function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, TOut>(string taskId, Func<T1, T2, T3, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2))), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an async function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, TOut>(string taskId, Func<T1, T2, T3, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2))), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs a function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, TOut>(string taskId, Func<T1, T2, T3, TaskContext, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an async function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, TOut>(string taskId, Func<T1, T2, T3, TaskContext, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    public TaskHandle Task<T1, T2, T3>(string taskId, Action<T1, T2, T3> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2))), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an async action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    public TaskHandle Task<T1, T2, T3>(string taskId, Func<T1, T2, T3, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2))), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    public TaskHandle Task<T1, T2, T3>(string taskId, Action<T1, T2, T3, TaskContext> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs an async action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    public TaskHandle Task<T1, T2, T3>(string taskId, Func<T1, T2, T3, TaskContext, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId));

    /// <summary>Adds a task that runs a function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, T4, TOut>(string taskId, Func<T1, T2, T3, T4, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3))), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an async function and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, T4, TOut>(string taskId, Func<T1, T2, T3, T4, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3))), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs a function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, T4, TOut>(string taskId, Func<T1, T2, T3, T4, TaskContext, TOut> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an async function that takes the task context and returns a value for downstream tasks.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="TOut">The type the task returns.</typeparam>
    public XComArg<TOut> Task<T1, T2, T3, T4, TOut>(string taskId, Func<T1, T2, T3, T4, TaskContext, Task<TOut>> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    public TaskHandle Task<T1, T2, T3, T4>(string taskId, Action<T1, T2, T3, T4> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3))), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an async action.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    public TaskHandle Task<T1, T2, T3, T4>(string taskId, Func<T1, T2, T3, T4, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3))), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    public TaskHandle Task<T1, T2, T3, T4>(string taskId, Action<T1, T2, T3, T4, TaskContext> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a task that runs an async action that takes the task context.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code.</param>
    /// <param name="input1">The upstream task whose value is passed as argument 1.</param>
    /// <param name="input2">The upstream task whose value is passed as argument 2.</param>
    /// <param name="input3">The upstream task whose value is passed as argument 3.</param>
    /// <param name="input4">The upstream task whose value is passed as argument 4.</param>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    public TaskHandle Task<T1, T2, T3, T4>(string taskId, Func<T1, T2, T3, T4, TaskContext, Task> fn, IXComArg<T1> input1, IXComArg<T2> input2, IXComArg<T3> input3, IXComArg<T4> input4) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2), Arg<T4>(a, 3), ctx)), In(input1, taskId), In(input2, taskId), In(input3, taskId), In(input4, taskId));

    /// <summary>Adds a mapped task that runs a function once per element of <paramref name="over"/> (map_index 0..n-1); downstream tasks receive the results in map_index order.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    /// <typeparam name="TOut">The type one instance returns.</typeparam>
    public XComArg<IReadOnlyList<TOut>> Map<TItem, TOut>(string taskId, Func<TItem, TOut> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddMappedValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<TItem>(a, 0))), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an async function once per element of <paramref name="over"/> (map_index 0..n-1); downstream tasks receive the results in map_index order.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    /// <typeparam name="TOut">The type one instance returns.</typeparam>
    public XComArg<IReadOnlyList<TOut>> Map<TItem, TOut>(string taskId, Func<TItem, Task<TOut>> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddMappedValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<TItem>(a, 0))), Over(over, taskId));

    /// <summary>Adds a mapped task that runs a function that takes the task context once per element of <paramref name="over"/> (map_index 0..n-1); downstream tasks receive the results in map_index order.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    /// <typeparam name="TOut">The type one instance returns.</typeparam>
    public XComArg<IReadOnlyList<TOut>> Map<TItem, TOut>(string taskId, Func<TItem, TaskContext, TOut> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddMappedValueTask<TOut>(taskId, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(fn(Arg<TItem>(a, 0), ctx)), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an async function that takes the task context once per element of <paramref name="over"/> (map_index 0..n-1); downstream tasks receive the results in map_index order.</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    /// <typeparam name="TOut">The type one instance returns.</typeparam>
    public XComArg<IReadOnlyList<TOut>> Map<TItem, TOut>(string taskId, Func<TItem, TaskContext, Task<TOut>> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddMappedValueTask<TOut>(taskId, (ctx, a) => Box(fn(Arg<TItem>(a, 0), ctx)), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an action once per element of <paramref name="over"/> (map_index 0..n-1).</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    public TaskHandle Map<TItem>(string taskId, Action<TItem> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<TItem>(a, 0))), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an async action once per element of <paramref name="over"/> (map_index 0..n-1).</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    public TaskHandle Map<TItem>(string taskId, Func<TItem, Task> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<TItem>(a, 0))), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an action that takes the task context once per element of <paramref name="over"/> (map_index 0..n-1).</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    public TaskHandle Map<TItem>(string taskId, Action<TItem, TaskContext> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddVoidTask(taskId, (ctx, a) => Run(() => fn(Arg<TItem>(a, 0), ctx)), Over(over, taskId));

    /// <summary>Adds a mapped task that runs an async action that takes the task context once per element of <paramref name="over"/> (map_index 0..n-1).</summary>
    /// <param name="taskId">The task's id, unique in the DAG.</param>
    /// <param name="fn">The task's code, called with one element.</param>
    /// <param name="over">The upstream task whose list is mapped over.</param>
    /// <typeparam name="TItem">The type of one element.</typeparam>
    public TaskHandle Map<TItem>(string taskId, Func<TItem, TaskContext, Task> fn, IXComArg<IEnumerable<TItem>> over) =>
        AddVoidTask(taskId, (ctx, a) => Done(fn(Arg<TItem>(a, 0), ctx)), Over(over, taskId));

    private static Task<object?> Run(Action action)
    {
        action();
        return System.Threading.Tasks.Task.FromResult<object?>(null);
    }
}
