namespace Baton.XComs;

/// <summary>Where an XCom's bytes are kept.</summary>
public enum XComStorage
{
    /// <summary>In the XCom row of the metadata database.</summary>
    Inline,
    /// <summary>In an object store; the row holds its location.</summary>
    ObjectStore,
}
