namespace Baton.Storage;

/// <summary>There is no object at a key (<see cref="ObjectStoreFailureKind.NotFound"/>).</summary>
public sealed class ObjectNotFoundException : ObjectStoreException
{
    /// <summary>Creates the exception for a store URL and key.</summary>
    public ObjectNotFoundException(string root, string key) : base(ObjectStoreFailureKind.NotFound, $"No object '{key}' in {root}.", "there is no such object")
    {
        Location = ObjectKeys.Join(root, key);
    }

    /// <summary>The object's URL, when known.</summary>
    public string Location { get; } = "";

    /// <summary>Creates the exception with no message.</summary>
    public ObjectNotFoundException() : base(ObjectStoreFailureKind.NotFound, "There is no such object.") { }

    /// <summary>Creates the exception with a message.</summary>
    public ObjectNotFoundException(string message) : base(ObjectStoreFailureKind.NotFound, message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ObjectNotFoundException(string message, Exception? innerException) : base(ObjectStoreFailureKind.NotFound, message, innerException: innerException) { }

    /// <summary>Creates the exception with a message, the reason alone and the error that caused it.</summary>
    internal ObjectNotFoundException(string message, string reason, Exception? innerException) : base(ObjectStoreFailureKind.NotFound, message, reason, innerException) { }
}
