using Baton.Dags;
using Baton.Tasks;
using Microsoft.Extensions.Logging;

namespace XComTutorial.Dags;

/// <summary>
/// The tutorial's step 5: one task returns a JSON-able value, the next takes it as a typed argument and prints it.
/// Where the value is stored is decided by BATON__XCOM__BACKEND (see .env), not by this code.
/// </summary>
public sealed class SimpleXcom : IDagDefinition
{
    public DagSpec Spec { get; } = new("simple_xcom")
    {
        Schedule = "@daily",
        StartDate = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero),
        Catchup = false,
        Description = "Pass a random number and a small record from one task to the next through an XCom",
        Tags = ["tutorial", "xcom"],
    };

    public void Build(DagBuilder dag)
    {
        var value = dag.Task("generate_value", GenerateValue);
        dag.Task("print_value", PrintValue, value);
    }

    private static TutorialValue GenerateValue(TaskContext context)
    {
        var value = new TutorialValue(
            RandomNumber: Random.Shared.Next(1, 1001),
            Record: new TutorialRecord(Name: "baton", Tags: ["xcom", "tutorial"], LogicalDate: context.LogicalDate));
        context.Logger.LogInformation("Generated random number {Number}", value.RandomNumber);
        return value;
    }

    private static void PrintValue(TutorialValue value, TaskContext context) =>
        Console.WriteLine($"Received random number {value.RandomNumber} and record {value.Record.Name} " +
                          $"[{string.Join(", ", value.Record.Tags)}] for {value.Record.LogicalDate:yyyy-MM-dd} in run {context.RunId}");
}

/// <summary>The value simple_xcom passes: a random number and a small record.</summary>
public sealed record TutorialValue(int RandomNumber, TutorialRecord Record);

/// <summary>A small JSON-able record.</summary>
public sealed record TutorialRecord(string Name, IReadOnlyList<string> Tags, DateTimeOffset LogicalDate);
