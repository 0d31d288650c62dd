namespace Baton.Storage;

/// <summary>What a store URL such as <c>s3://conn_id@bucket/prefix</c> names: the connection, the container and a path in it.</summary>
/// <param name="ConnId">The connection whose settings open the store, or null when the URL names none (a provider may have a default).</param>
/// <param name="Container">The bucket or container.</param>
/// <param name="Path">The rest of the URL (a prefix or an object's key) without its leading <c>/</c>; may be empty.</param>
public record ObjectStoreUrl(string? ConnId, string Container, string Path);
