using Baton.Dags;
using Baton.Tasks;
using Microsoft.Extensions.Logging;

namespace BatonProject1.Dags;

/// <summary>
/// A TaskFlow DAG: generate_value returns a value, print_value takes it as a typed argument. Baton passes it between
/// them as an XCom; where it is stored is decided by the settings in .env (BATON__XCOM__BACKEND), not by this code.
/// </summary>
public sealed class SimpleXcom : IDagDefinition
{
    public DagSpec Spec { get; } = new("simple_xcom")
    {
        Schedule = "@daily",
        StartDate = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero),
        Catchup = false,
        Description = "Pass a random number and a small record from one task to the next through an XCom",
        Tags = ["sample", "xcom"],
    };

    public void Build(DagBuilder dag)
    {
        var value = dag.Task("generate_value", GenerateValue);   // XComArg<SampleValue>
        dag.Task("print_value", PrintValue, value);              // pulls the value when it runs
    }

    private static SampleValue GenerateValue(TaskContext context)
    {
        var value = new SampleValue(
            RandomNumber: Random.Shared.Next(1, 1001),
            Record: new SampleRecord(Name: "baton", Tags: ["xcom", "tutorial"], LogicalDate: context.LogicalDate));
        context.Logger.LogInformation("Generated random number {Number}", value.RandomNumber);
        return value;
    }

    private static void PrintValue(SampleValue value, TaskContext context) =>
        Console.WriteLine($"Received random number {value.RandomNumber} and record {value.Record.Name} " +
                          $"[{string.Join(", ", value.Record.Tags)}] for {value.Record.LogicalDate:yyyy-MM-dd} in run {context.RunId}");
}

/// <summary>The value simple_xcom passes: a random number and a small record, stored as JSON.</summary>
public sealed record SampleValue(int RandomNumber, SampleRecord Record);

/// <summary>A small JSON-able record.</summary>
public sealed record SampleRecord(string Name, IReadOnlyList<string> Tags, DateTimeOffset LogicalDate);
