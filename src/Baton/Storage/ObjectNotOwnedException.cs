namespace Baton.Storage;

/// <summary>
/// A delete was refused because this Baton installation cannot prove it wrote the object; the object is left in place
/// (<see cref="ObjectStoreFailureKind.NotOwned"/>).
/// </summary>
public sealed class ObjectNotOwnedException : ObjectStoreException
{
    /// <summary>Creates the exception for an object's URL.</summary>
    public ObjectNotOwnedException(string location, string message) : base(ObjectStoreFailureKind.NotOwned, message)
    {
        Location = location;
    }

    /// <summary>The object's URL.</summary>
    public string Location { get; } = "";

    /// <summary>Creates the exception with no message.</summary>
    public ObjectNotOwnedException() : base(ObjectStoreFailureKind.NotOwned, "The object is not this installation's.") { }

    /// <summary>Creates the exception with a message.</summary>
    public ObjectNotOwnedException(string message) : base(ObjectStoreFailureKind.NotOwned, message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ObjectNotOwnedException(string message, Exception? innerException) : base(ObjectStoreFailureKind.NotOwned, message, innerException: innerException) { }
}
