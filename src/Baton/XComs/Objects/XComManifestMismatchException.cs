namespace Baton.XComs.Objects;

/// <summary>
/// The manifest read beside an object describes another XCom or another object than the location it was read from: the
/// object and its manifest were replaced or moved. The message names the location asked for and what the manifest describes.
/// </summary>
internal sealed class XComManifestMismatchException : XComCorruptedException
{
    /// <summary>Creates the exception for the XCom the manifest describes.</summary>
    public XComManifestMismatchException(XComKey key, string message) : base(key, message) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComManifestMismatchException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComManifestMismatchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComManifestMismatchException(string message, Exception? innerException) : base(message, innerException) { }
}
