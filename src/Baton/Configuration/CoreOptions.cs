using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>core</c> (<c>BATON__CORE__…</c>).</summary>
public sealed class CoreOptions
{
    /// <summary>The directory for the metadata database, logs and the encryption key (<c>BATON_HOME</c>); relative to the working directory.</summary>
    [ConfigurationKeyName("home")]
    public string Home { get; set; } = ".baton";

    /// <summary>How many task instances may run at once in this process (<c>BATON__CORE__PARALLELISM</c>).</summary>
    [ConfigurationKeyName("parallelism")]
    public int Parallelism { get; set; } = 32;

    /// <summary>Whether a DAG seen for the first time starts paused, as in Airflow (<c>BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION</c>).</summary>
    [ConfigurationKeyName("dags_are_paused_at_creation")]
    public bool DagsArePausedAtCreation { get; set; } = true;
}
