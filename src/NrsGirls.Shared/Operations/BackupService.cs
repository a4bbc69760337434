using System.Diagnostics;

namespace NrsGirls.Shared.Operations;

/// <summary>
/// Writes one backup set per period (a UTC day by default). All tables are copied with binary COPY in one
/// REPEATABLE READ, READ ONLY transaction, so the set is one consistent snapshot; each part is
/// gzip-compressed and AES-256-GCM encrypted in chunks while it streams to blob storage (no plain file,
/// memory bounded by the chunk and upload buffers). The manifest is written last. Two runs for the same
/// period produce one set: the period's row in operation_runs is claimed first.
/// </summary>
public sealed class BackupService(
    NpgsqlDataSource db,
    PostgresOptions postgres,
    OperationsStore runs,
    BackupSets sets,
    MongoBackup mongo,
    SecurityOptions keys,
    TimeProvider clock,
    ILogger<BackupService> logger)
{
    /// <summary>
    /// A 'running' row this old whose run no longer holds the <see cref="OperationLock"/> is taken over (its
    /// process died); a live run holds the lock, so it is never taken over however long it takes.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);

    public string TodayPeriod() => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<BackupResult> RunAsync(string? period, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        period ??= TodayPeriod();
        if (!System.Text.RegularExpressions.Regex.IsMatch(period, "^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$"))
            throw new ArgumentException("A period is letters, digits, '.', '_' and '-' (for example 2026-11-26).", nameof(period));
        var sw = Stopwatch.StartNew();
        var started = clock.GetUtcNow();
        // While a backup runs, no other process starts one (or takes this one over as stale).
        await using var running = await OperationLock.TryTakeAsync(postgres, OperationsStore.Backup, ct);
        if (running is null)
        {
            logger.LogInformation("Backup {Period} skipped: another backup is running against this database", period);
            return new BackupResult("skipped", period, 0, 0, 0, sw.Elapsed, false, "another backup is running against this database", []);
        }
        var id = await runs.ClaimAsync(OperationsStore.Backup, period, started, StaleAfter, ct);
        if (id is null)
        {
            var existing = await runs.FindAsync(OperationsStore.Backup, period, ct);
            var reason = $"the set for {period} is {existing?.Status ?? "taken"} (started {existing?.StartedAt:u}); one set per period";
            logger.LogInformation("Backup skipped: {Reason}", reason);
            return new BackupResult("skipped", period, existing?.SizeBytes ?? 0, 0, 0, sw.Elapsed, existing?.Suspicious ?? false, reason, []);
        }

        try
        {
            await sets.EnsureContainerAsync(ct);
            await sets.DeleteSetAsync(sets.Database, period, ct); // leftovers of an earlier failed attempt
            var manifest = await WriteSetAsync(period, started, progress, ct);
            var previous = (await sets.ListAsync(ct)).Select(s => s.Manifest)
                .Where(m => m is not null && m.Period != period && m.StartedAt < started).OrderByDescending(m => m!.StartedAt).FirstOrDefault();
            manifest = manifest with
            {
                FinishedAt = clock.GetUtcNow(),
                PreviousBytes = previous?.TotalBytes,
                Suspicious = previous is not null && manifest.TotalBytes < previous.TotalBytes * BackupOptions.SuspiciousRatio,
            };
            await sets.WriteManifestAsync(manifest, ct);
            if (manifest.Suspicious)
                logger.LogWarning("Backup {Period} is SUSPICIOUS: {Bytes} bytes, under half of the previous set ({Previous} bytes)",
                    period, manifest.TotalBytes, manifest.PreviousBytes);
            var detail = JsonSerializer.Serialize(new { tables = manifest.Tables.Count, rows = manifest.Tables.Sum(t => t.Rows), collections = manifest.Collections.Count, manifest.PreviousBytes });
            await runs.CompleteAsync(id.Value, manifest.FinishedAt, BackupSets.Prefix(manifest.Database, period), manifest.TotalBytes, manifest.Suspicious, detail, ct);
            var deleted = await sets.ApplyRetentionAsync(clock.GetUtcNow(), ct);
            logger.LogInformation("Backup {Period} complete: {Tables} tables, {Rows} rows, {Bytes} bytes in {Seconds:0.0} s; retention deleted {Deleted}",
                period, manifest.Tables.Count, manifest.Tables.Sum(t => t.Rows), manifest.TotalBytes, sw.Elapsed.TotalSeconds, deleted.Count);
            return new BackupResult("complete", period, manifest.TotalBytes, manifest.Tables.Sum(t => t.Rows),
                manifest.Tables.Count + manifest.Collections.Count, sw.Elapsed, manifest.Suspicious, null, deleted);
        }
        catch (Exception ex)
        {
            // No manifest was written, so nothing looks complete; the run row says what happened.
            logger.LogError(ex, "Backup {Period} FAILED; no set was completed", period);
            await runs.FailAsync(id.Value, clock.GetUtcNow(), ex.GetType().Name + ": " + ex.Message, "{}", CancellationToken.None);
            try { await sets.DeleteSetAsync(sets.Database, period, CancellationToken.None); }
            catch (Exception cleanup) { logger.LogWarning(cleanup, "Could not delete the parts of failed backup {Period}", period); }
            if (ex is OperationCanceledException) throw;
            return new BackupResult("failed", period, 0, 0, 0, sw.Elapsed, false, ex.Message, []);
        }
    }

    private async Task<BackupManifest> WriteSetAsync(string period, DateTimeOffset started, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await conn.ExecuteAsync(new CommandDefinition("set transaction read only", transaction: tx, cancellationToken: ct));
        // One statement timeout for a whole table copy would be wrong: big tables take long.
        await conn.ExecuteAsync(new CommandDefinition("set local statement_timeout = 0", transaction: tx, cancellationToken: ct));

        var migrations = await ReadMigrationsAsync(conn, tx, ct);
        var tables = await PostgresCatalog.TablesAsync(conn, tx, ct);
        var partitions = await PostgresCatalog.PartitionsAsync(conn, tx, ct);
        var sequences = await PostgresCatalog.SequencesAsync(conn, tx, ct);
        var parts = new List<ManifestTable>();
        long bytes = 0, rows = 0;
        foreach (var t in tables)
        {
            var rowCount = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                $"select count(*) from {PostgresCatalog.Quote(t.Name)}", transaction: tx, commandTimeout: 0, cancellationToken: ct));
            var part = $"postgres/{t.Name}.copy.gz.enc";
            var (size, plain, sha) = await WritePartAsync(period, part, async gz =>
            {
                var source = t.Partitioned
                    ? $"(select {PostgresCatalog.ColumnList(t.Columns)} from {PostgresCatalog.Quote(t.Name)})"
                    : $"{PostgresCatalog.Quote(t.Name)} ({PostgresCatalog.ColumnList(t.Columns)})";
                await using var copy = await conn.BeginRawBinaryCopyAsync($"copy {source} to stdout (format binary)", ct);
                await copy.CopyToAsync(gz, 1 << 16, ct);
            }, ct);
            parts.Add(new ManifestTable(t.Name, part, t.Columns, rowCount, size, plain, sha));
            bytes += size;
            rows += rowCount;
            progress?.Report(new OperationProgress($"table {t.Name}", parts.Count, tables.Count, bytes, rows));
        }
        await tx.CommitAsync(ct);

        var (collections, note) = await mongo.BackupAsync((part, write) => WritePartAsync(period, part, write, ct), ct);
        return new BackupManifest
        {
            Database = sets.Database,
            Period = period,
            StartedAt = started,
            FinishedAt = clock.GetUtcNow(),
            KeyId = keys.ActiveKeyId,
            SchemaVersion = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version),
            Migrations = migrations,
            Tables = parts,
            Partitions = partitions,
            Sequences = sequences,
            Collections = collections,
            MongoNote = note,
            TotalBytes = bytes + collections.Sum(c => c.Bytes),
        };
    }

    private async Task<(long Bytes, long PlainBytes, string Sha256)> WritePartAsync(string period, string part, Func<Stream, Task> write, CancellationToken ct)
    {
        var w = await EncryptedBlobs.WriteAsync(sets.Blob(sets.Database, period, part), keys, BackupSets.Prefix(sets.Database, period) + part, write, ct);
        return (w.Bytes, w.PlainBytes, w.Sha256);
    }

    private static async Task<IReadOnlyList<ManifestMigration>> ReadMigrationsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var readable = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select case when to_regclass('nrsgirls_migrations.schema_migrations') is null then false
                        else has_table_privilege('nrsgirls_migrations.schema_migrations', 'select') end
            """, transaction: tx, cancellationToken: ct));
        if (!readable) throw new InvalidOperationException("The migration history is not readable by this login: a backup must record the schema it belongs to.");
        return (await conn.QueryAsync<ManifestMigration>(new CommandDefinition(
            "select version, name, checksum from nrsgirls_migrations.schema_migrations order by version", transaction: tx, cancellationToken: ct))).ToList();
    }
}
