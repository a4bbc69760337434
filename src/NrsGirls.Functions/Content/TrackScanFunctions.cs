using NrsGirls.Shared.Content;

namespace NrsGirls.Functions.Content;

/// <summary>The track-scans queue (scan an upload, or delete a deleted track's blob) and the cleanup sweep.</summary>
public sealed class TrackScanFunctions(TrackScanJob job, ILogger<TrackScanFunctions> logger)
{
    /// <summary>
    /// One scan or cleanup per message. Exceptions (storage or database down) propagate so the host retries
    /// and, after maxDequeueCount, moves the message to track-scans-poison; a refused file is not an error.
    /// </summary>
    [Function(nameof(ScanTrack))]
    public async Task ScanTrack([QueueTrigger("%NRSGIRLS_TRACK_SCANS_QUEUE%")] TrackScanMessage message, CancellationToken ct)
    {
        var outcome = await job.RunAsync(message, ct);
        logger.LogInformation("Track scan message for {TrackId}: {Outcome}", message.TrackId, outcome);
    }

    /// <summary>Hourly: deletes the blobs of soft-deleted tracks whose cleanup message was lost.</summary>
    [Function(nameof(CleanupDeletedTracks))]
    public async Task CleanupDeletedTracks([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var cleaned = await job.CleanupDeletedAsync(ct);
        if (cleaned > 0) logger.LogInformation("Deleted the blobs of {Count} deleted tracks (past due: {IsPastDue})", cleaned, timer.IsPastDue);
    }
}
