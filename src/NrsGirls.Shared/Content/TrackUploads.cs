using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Content;

/// <summary>
/// POST tracks and POST tracks/{id}/uploaded: a DJ creates a track (metadata only) and gets a write-only
/// upload URL for its blob; once the file is uploaded, a scan is queued. Nothing the client says about
/// the file is stored: the scan reads the file itself.
/// </summary>
public sealed class TrackUploads(TrackStore store, TrackService tracks, CreatorAccess creators, TrackBlobs blobs, TrackScanQueue queue, TrackOptions options, TimeProvider clock)
{
    /// <summary>Headers the client must send with its PUT to the upload URL (the Blob service's Put Blob).</summary>
    public static readonly IReadOnlyDictionary<string, string> UploadHeaders = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };

    public async Task<Outcome<TrackUpload>> CreateAsync(Caller caller, TrackInput input, CancellationToken ct)
    {
        var dj = await creators.FindByOwnerAsync(caller.UserId, ct);
        if (dj is null || dj.Type != CreatorTypes.Dj) return TrackErrors.DjProfileRequired;
        var clean = new TrackInput(input.Title?.Trim(), TrackRules.Clean(input.Artist), TrackRules.Clean(input.Album), input.Genre, input.Bpm);
        var errors = TrackRules.Check(clean.Title, titleSet: true, clean.Artist, clean.Album, clean.Genre, clean.Bpm);
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        // Sign first: if storage cannot give a URL, no row is left behind.
        var id = Guid.NewGuid();
        await blobs.EnsureContainerAsync(ct);
        var expires = clock.GetUtcNow() + options.UploadUrlLifetime;
        var url = await blobs.UploadUrlAsync(id, expires, ct);
        await store.InsertAsync(id, dj.Id, clean, blobs.Blob(id).Uri.ToString(), ct);
        var row = await store.FindAsync(id, ct) ?? throw new InvalidOperationException("The track just inserted is gone.");
        return new TrackUpload(row.ToView(), url.ToString(), expires, options.MaxBytes, UploadHeaders);
    }

    /// <summary>
    /// The owner says the file is up: queue a scan. Idempotent: when the blob is the very one an earlier
    /// scan accepted (same ETag), nothing is queued again.
    /// </summary>
    public async Task<Outcome<TrackView>> MarkUploadedAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        // What the caller may see first (as every track route): a track they cannot see is 404, never 403.
        var found = await tracks.FindVisibleAsync(id, caller, client, ct);
        if (!found.IsOk) return found.Error;
        var row = found.Value;
        if (row.OwnerUserId != caller.UserId) return TrackErrors.NotOwner;
        var blob = await blobs.PropertiesAsync(id, ct);
        if (blob is null) return TrackErrors.FileMissing;
        if (row.Scan is { Status: TrackScanResults.Accepted } done && done.ETag == blob.ETag.ToString()) return row.ToView();

        if (!await store.MarkQueuedAsync(id, new TrackScanResults(TrackScanResults.Queued, At: clock.GetUtcNow()), ct)) return TrackErrors.NotFound;
        await queue.SendAsync(id, ct);
        return (await store.FindAsync(id, ct))!.ToView();
    }
}
