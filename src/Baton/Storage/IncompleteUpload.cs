namespace Baton.Storage;

/// <summary>An upload that started and never became an object (see <see cref="IIncompleteUploadStore"/>).</summary>
/// <param name="Key">The key the upload was writing.</param>
/// <param name="UploadId">What the store knows the upload by: a multipart upload id, a temporary file's name.</param>
/// <param name="LastActivity">When it last received bytes, as far as the store tells (else when it started).</param>
/// <param name="Size">The bytes it holds, when the store tells.</param>
public sealed record IncompleteUpload(string Key, string UploadId, DateTimeOffset LastActivity, long? Size);
