namespace Baton.Web.Auth;

/// <summary>Airflow's roles, each including what the ones before it may do.</summary>
internal enum BatonRole
{
    /// <summary>Reads DAGs, runs, task instances, logs and XComs.</summary>
    Viewer = 1,

    /// <summary>A Viewer who may also trigger, clear, delete runs and pause DAGs.</summary>
    User = 2,

    /// <summary>A User who may also manage connections and read the configuration.</summary>
    Op = 3,

    /// <summary>An Op who may also manage users.</summary>
    Admin = 4,
}
