using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Baton.Storage.Azure;

/// <summary>
/// The uncommitted blocks a killed write leaves: a blob name that has staged blocks and was never committed. Azure
/// discards them after a week; the sweep does it sooner.
/// </summary>
internal sealed partial class AzureBlobObjectStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Lists the prefix with uncommitted blobs included (<see cref="BlobStates.Uncommitted"/>), then without: the names only
    /// the first listing has are blobs with only uncommitted blocks.
    /// </remarks>
    public async IAsyncEnumerable<IncompleteUpload> ListIncompleteUploadsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var withUncommitted = await ListItemsAsync(prefix, BlobStates.Uncommitted, cancellationToken).ConfigureAwait(false);
        if (withUncommitted.Count == 0)
        {
            yield break;
        }

        var committed = (await ListItemsAsync(prefix, BlobStates.None, cancellationToken).ConfigureAwait(false)).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var item in withUncommitted.Where(i => !committed.Contains(i.Name)))
        {
            var properties = item.Properties;
            var lastActivity = properties.LastModified ?? properties.CreatedOn ?? DateTimeOffset.MinValue;
            yield return new IncompleteUpload(item.Name, "uncommitted-blocks", lastActivity, properties.ContentLength);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Commits an empty block list only while no blob exists at the name (If-None-Match: *), which discards every
    /// uncommitted block, then deletes that empty blob by its ETag. A blob committed meanwhile is an object now and is
    /// left alone.
    /// </remarks>
    public async Task AbortIncompleteUploadAsync(IncompleteUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var blob = Blob(upload.Key);
        ETag emptied;
        try
        {
            var committed = await blob.CommitBlockListAsync([], new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
                .ConfigureAwait(false);
            emptied = committed.Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return;
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "discarding the uncommitted blocks of", upload.Key);
        }

        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = emptied }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Written meanwhile: it is an object now.
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "deleting the emptied blob of", upload.Key);
        }
    }

    private async Task<List<BlobItem>> ListItemsAsync(string prefix, BlobStates states, CancellationToken cancellationToken)
    {
        var items = new List<BlobItem>();
        try
        {
            await foreach (var page in _container.GetBlobsAsync(BlobTraits.None, states, prefix.Length == 0 ? null : prefix, cancellationToken)
                .AsPages(continuationToken: null, pageSizeHint: _connection.Transfer.ListPageSize).ConfigureAwait(false))
            {
                items.AddRange(page.Values);
            }
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, $"listing uncommitted blobs under '{prefix}'", key: null);
        }

        return items;
    }
}
