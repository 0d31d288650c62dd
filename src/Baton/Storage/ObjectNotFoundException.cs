namespace Baton.Storage;

/// <summary>There is no object at a key.</summary>
public sealed class ObjectNotFoundException : ObjectStoreException
{
    /// <summary>Creates the exception for a store URL and key.</summary>
    public ObjectNotFoundException(string root, string key) : base($"No object '{key}' in {root}.")
    {
        Location = ObjectKeys.Join(root, key);
    }

    /// <summary>The object's URL.</summary>
    public string Location { get; } = "";

    /// <summary>Creates the exception with no message.</summary>
    public ObjectNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ObjectNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
