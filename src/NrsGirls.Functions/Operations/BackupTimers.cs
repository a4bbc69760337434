using NrsGirls.Shared.Operations;

namespace NrsGirls.Functions.Operations;

public sealed class BackupTimers(BackupService backups, RestoreDrill drill, OperationsStore runs, TimeProvider clock, ILogger<BackupTimers> logger)
{
    /// <summary>Daily (NRSGIRLS_BACKUP_SCHEDULE): one encrypted backup set for today, then retention. Fails the invocation when the backup fails.</summary>
    [Function(nameof(BackupDatabase))]
    public async Task BackupDatabase([TimerTrigger("%NRSGIRLS_BACKUP_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var result = await backups.RunAsync(null, null, ct);
        if (result.Failed) throw new InvalidOperationException($"Backup {result.Period} failed: {result.Reason}");
        logger.LogInformation("Backup timer: {Status} {Period}, {Bytes} bytes (past due: {IsPastDue})", result.Status, result.Period, result.Bytes, timer.IsPastDue);
    }

    /// <summary>Weekly (NRSGIRLS_RESTORE_DRILL_SCHEDULE): restore the newest set into a scratch database and check it.</summary>
    [Function(nameof(RestoreDrill))]
    public async Task RestoreDrill([TimerTrigger("%NRSGIRLS_RESTORE_DRILL_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var report = await drill.RunAsync(null, ct);
        if (!report.Ok) throw new InvalidOperationException($"Restore drill failed: {string.Join("; ", report.Problems)}");
    }

    /// <summary>Daily at 02:15 UTC: table and index sizes, so `db stats` shows growth.</summary>
    [Function(nameof(SnapshotSizes))]
    public async Task SnapshotSizes([TimerTrigger("0 15 2 * * *")] TimerInfo timer, CancellationToken ct)
    {
        var n = await runs.SnapshotSizesAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        logger.LogInformation("Size snapshot: {Relations} relations recorded", n);
    }
}

public sealed class ArchiveTimer(ArchiveService archive, ILogger<ArchiveTimer> logger)
{
    /// <summary>Nightly (NRSGIRLS_ARCHIVE_SCHEDULE): old ledger partitions and old MongoDB documents to the archive container.</summary>
    [Function(nameof(ArchiveOldData))]
    public async Task ArchiveOldData([TimerTrigger("%NRSGIRLS_ARCHIVE_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var r = await archive.RunAsync(ct);
        logger.LogInformation("Archive timer: {Parts} part(s), {Rows} rows; {Notes}", r.Archived.Count, r.Rows, string.Join("; ", r.Notes));
    }
}
