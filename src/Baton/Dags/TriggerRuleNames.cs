using System.Text;

namespace Baton.Dags;

/// <summary>Trigger rules by Airflow's names (<c>all_success</c>, <c>none_failed_min_one_success</c>…), for display.</summary>
internal static class TriggerRuleNames
{
    /// <summary>The rule's snake_case name.</summary>
    public static string Of(TriggerRule rule)
    {
        var name = rule.ToString();
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
