using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using NrsGirls.Shared.Storage;

namespace NrsGirls.Shared.Content;

/// <summary>
/// The tracks container: one blob per track, named by the track id. Upload URLs are write-only SAS
/// URLs (create + write, one blob, short-lived) signed with the account key when the client has one
/// (Azurite, a connection string with a key) and otherwise with a user delegation key obtained through
/// the app's managed identity (Azure, where shared keys are disabled).
/// </summary>
public sealed class TrackBlobs(BlobServiceClient blobs, TimeProvider clock)
{
    /// <summary>Clock skew between us and storage that a fresh URL tolerates.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private UserDelegationKey? _delegationKey;
    private int _containerReady;

    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.TracksContainer);

    public BlobClient Blob(Guid trackId) => Container.GetBlobClient(trackId.ToString("D"));

    /// <summary>Creates the container once per process (infrastructure creates it in Azure; Azurite starts empty).</summary>
    public async Task EnsureContainerAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _containerReady) == 1) return;
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        Volatile.Write(ref _containerReady, 1);
    }

    /// <summary>A URL that lets its holder create or overwrite this track's blob (and nothing else) until <paramref name="expiresOn"/>.</summary>
    public async Task<Uri> UploadUrlAsync(Guid trackId, DateTimeOffset expiresOn, CancellationToken ct)
    {
        var blob = Blob(trackId);
        var sas = UploadSas(blob, clock.GetUtcNow() - Skew, expiresOn);
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);
        var key = await DelegationKeyAsync(expiresOn, ct);
        return SignWithDelegationKey(blob.Uri, sas, key, blobs.AccountName);
    }

    public static BlobSasBuilder UploadSas(BlobClient blob, DateTimeOffset startsOn, DateTimeOffset expiresOn)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = startsOn,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        return sas;
    }

    /// <summary>The identity path: a user delegation SAS (skoid/sktid…) instead of an account-key signature.</summary>
    public static Uri SignWithDelegationKey(Uri blobUri, BlobSasBuilder sas, UserDelegationKey key, string accountName) =>
        new BlobUriBuilder(blobUri) { Sas = sas.ToSasQueryParameters(key, accountName) }.ToUri();

    /// <summary>A user delegation key valid beyond <paramref name="until"/>, cached (valid a day) so most uploads cost no extra call.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset until, CancellationToken ct)
    {
        await _keyGate.WaitAsync(ct);
        try
        {
            if (_delegationKey is { } cached && cached.SignedExpiresOn > until + Skew) return cached;
            var now = clock.GetUtcNow();
            _delegationKey = (await blobs.GetUserDelegationKeyAsync(now - Skew, now + TimeSpan.FromDays(1), ct)).Value;
            return _delegationKey;
        }
        finally { _keyGate.Release(); }
    }

    /// <summary>The blob's properties, or null when nothing was uploaded.</summary>
    public async Task<BlobProperties?> PropertiesAsync(Guid trackId, CancellationToken ct)
    {
        try { return (await Blob(trackId).GetPropertiesAsync(cancellationToken: ct)).Value; }
        catch (RequestFailedException ex) when (ex.Status == 404) { return null; }
    }

    /// <summary>
    /// Downloads the blob as it was at <paramref name="etag"/> into a temporary file that is deleted when
    /// the returned stream is disposed. Null when the blob changed or vanished meanwhile.
    /// </summary>
    public async Task<FileStream?> DownloadAsync(Guid trackId, ETag etag, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nrsgirls-track-{trackId:N}-{Guid.NewGuid():N}");
        try
        {
            await Blob(trackId).DownloadToAsync(path, new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            File.Delete(path);
            return null;
        }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose);
    }

    /// <summary>Deletes the blob (and its snapshots); true when it existed.</summary>
    public async Task<bool> DeleteAsync(Guid trackId, CancellationToken ct) =>
        (await Blob(trackId).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)).Value;
}

/// <summary>The track-scans queue (name from settings): one message per scan or cleanup to run.</summary>
public sealed class TrackScanQueue(QueueServiceClient queues, QueueNames names)
{
    private readonly ProducerQueue _queue = new(queues, names.TrackScans);

    public Task SendAsync(Guid trackId, CancellationToken ct) =>
        _queue.SendAsync(JsonSerializer.Serialize(new TrackScanMessage(trackId), TrackScanResults.Json), ct);
}
