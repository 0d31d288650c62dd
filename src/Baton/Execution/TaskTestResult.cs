using Baton.Metadata;

namespace Baton.Execution;

/// <summary>The outcome of <c>tasks test</c>: the task instance as it ended and its return value as JSON, if any.</summary>
/// <param name="TaskInstance">The task instance.</param>
/// <param name="ReturnValueJson">The return value as JSON, or null.</param>
internal sealed record TaskTestResult(TaskInstanceRecord TaskInstance, string? ReturnValueJson);
