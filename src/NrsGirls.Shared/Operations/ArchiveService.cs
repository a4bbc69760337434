namespace NrsGirls.Shared.Operations;

/// <summary>The nightly archive run (timer and `db archive run`): the ledger first, then MongoDB; and `db archive list|restore`.</summary>
public sealed class ArchiveService(
    LedgerArchiver ledger, MongoArchiver mongo, ArchiveStore store, PostgresOptions postgres, ILogger<ArchiveService> logger)
{
    public const string Busy = "another archive run is in progress against this database; skipped";

    /// <summary>
    /// One run at a time per database (<see cref="OperationLock"/>): two runs at once could each write a part's
    /// blob, one after the other deleted its source rows, and leave a blob that is not what was verified.
    /// </summary>
    public async Task<ArchiveRunReport> RunAsync(CancellationToken ct)
    {
        await using var running = await OperationLock.TryTakeAsync(postgres, OperationsStore.Archive, ct);
        if (running is null)
        {
            logger.LogInformation("Archive run skipped: {Reason}", Busy);
            return new ArchiveRunReport([], [], [Busy], 0);
        }
        var l = await ledger.RunAsync(ct);
        var m = await mongo.RunAsync(ct);
        var report = new ArchiveRunReport([.. l.Archived, .. m.Archived], [.. l.Skipped, .. m.Skipped], [.. l.Notes, .. m.Notes], l.Rows + m.Rows);
        logger.LogInformation("Archive run: {Parts} part(s), {Rows} rows/documents moved to cold storage", report.Archived.Count, report.Rows);
        return report;
    }

    public Task<IReadOnlyList<ArchivePart>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task<(string Target, long Rows)> RestoreAsync(string name, CancellationToken ct)
    {
        var part = await store.FindAsync(name, ct) ?? throw new RestoreException($"No archived part '{name}': see `nrsgirls db archive list`.");
        return part.Source == LedgerArchiver.Source ? await ledger.RestoreAsync(name, ct) : await mongo.RestoreAsync(part, ct);
    }
}
