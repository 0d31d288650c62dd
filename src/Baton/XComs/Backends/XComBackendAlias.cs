namespace Baton.XComs.Backends;

/// <summary>A short name for a backend type that <c>BATON__XCOM__BACKEND</c> accepts (e.g. <c>database</c>).</summary>
/// <param name="Name">The alias.</param>
/// <param name="BackendType">The backend it selects.</param>
internal sealed record XComBackendAlias(string Name, Type BackendType);
