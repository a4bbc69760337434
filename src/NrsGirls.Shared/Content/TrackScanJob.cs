using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Shared.Content;

/// <summary>What one run of the scan job did with a message.</summary>
public enum TrackScanOutcome { NoTrack, Accepted, Rejected, AlreadyScanned, FileDeleted }

/// <summary>
/// The track-scans queue's work. For a live track: read the blob (as of one ETag), scan it with
/// <see cref="TrackScanner"/>, and store the verdict: file facts and waveform with scanned = true, or the
/// refusal's reason with scanned = false. For a soft-deleted track: delete its blob. Safe to run twice:
/// a redelivered message for a blob already scanned at the same ETag is a no-op, and cleanup of a blob
/// already gone just records it.
/// </summary>
public sealed class TrackScanJob(TrackStore store, TrackBlobs blobs, TrackScanner scanner, TrackOptions options, TimeProvider clock,
    ILogger<TrackScanJob> log)
{
    public const int CleanupBatch = 100;

    public async Task<TrackScanOutcome> RunAsync(TrackScanMessage message, CancellationToken ct)
    {
        var row = await store.FindAsync(message.TrackId, ct);
        if (row is null) return TrackScanOutcome.NoTrack;
        if (row.DeletedAt is not null)
        {
            await DeleteFileAsync(row.Id, ct);
            return TrackScanOutcome.FileDeleted;
        }

        var blob = await blobs.PropertiesAsync(row.Id, ct);
        if (blob is null) return await RejectAsync(row.Id, new AudioRefusal(AudioRefusals.Missing, "No file was uploaded for this track."), null, null, ct);
        var etag = blob.ETag.ToString();
        if (row.Scan is { Status: TrackScanResults.Accepted } done && done.ETag == etag) return TrackScanOutcome.AlreadyScanned;
        if (blob.ContentLength == 0) return await RejectAsync(row.Id, new AudioRefusal(AudioRefusals.Empty, "The file is empty."), 0, etag, ct);
        if (blob.ContentLength > options.MaxBytes) return await RejectAsync(row.Id, scanner.TooLarge(blob.ContentLength), blob.ContentLength, etag, ct);

        await using var file = await blobs.DownloadAsync(row.Id, blob.ETag, ct);
        // Replaced or deleted while we looked: the upload that replaced it queues its own scan.
        if (file is null) return TrackScanOutcome.NoTrack;
        var verdict = scanner.Scan(file);
        if (verdict.Refusal is { } refusal) return await RejectAsync(row.Id, refusal, file.Length, etag, ct);

        var facts = verdict.Facts!;
        var results = new TrackScanResults(TrackScanResults.Accepted, At: clock.GetUtcNow(), Format: facts.Format, SampleRate: facts.SampleRate,
            Channels: facts.Channels, BitsPerSample: facts.BitsPerSample, DurationSeconds: Math.Round(facts.DurationSeconds, 3), FileSize: facts.FileSize, ETag: etag);
        var seconds = Math.Max(1, (int)Math.Round(facts.DurationSeconds, MidpointRounding.AwayFromZero));
        await store.SaveAcceptedAsync(row.Id, seconds, facts.FileSize, facts.Format, facts.Waveform, results, ct);
        log.LogInformation("Track {TrackId} accepted: {Format}, {Seconds} s, {Bytes} bytes", row.Id, facts.Format, seconds, facts.FileSize);
        return TrackScanOutcome.Accepted;
    }

    /// <summary>The timer's sweep: blobs of soft-deleted tracks whose cleanup message was lost or failed.</summary>
    public async Task<int> CleanupDeletedAsync(CancellationToken ct)
    {
        var ids = await store.PendingFileDeletionsAsync(CleanupBatch, ct);
        foreach (var id in ids) await DeleteFileAsync(id, ct);
        return ids.Count;
    }

    private async Task DeleteFileAsync(Guid id, CancellationToken ct)
    {
        await blobs.DeleteAsync(id, ct);
        await store.MarkFileDeletedAsync(id, ct);
    }

    private async Task<TrackScanOutcome> RejectAsync(Guid id, AudioRefusal refusal, long? size, string? etag, CancellationToken ct)
    {
        await store.SaveRejectedAsync(id, new TrackScanResults(TrackScanResults.Rejected, refusal.Reason, refusal.Detail, clock.GetUtcNow(),
            FileSize: size, ETag: etag), ct);
        log.LogInformation("Track {TrackId} refused: {Reason} ({Detail})", id, refusal.Reason, refusal.Detail);
        return TrackScanOutcome.Rejected;
    }
}
