using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using NrsGirls.Shared.Storage;

namespace NrsGirls.Shared.Operations;

public enum ArchiveStep { Written, Verified, Removed }

public sealed record LedgerArchiveManifest(string Partition, string Bound, IReadOnlyList<string> Columns, long Rows, long Bytes, string Sha256, string KeyId, DateTimeOffset WrittenAt);

/// <summary>
/// Moves monthly ledger partitions whose whole month is older than the financial retention window
/// (default 10 years) to the <c>archive</c> container: binary COPY, gzip, chunked AES-GCM, plus a manifest.
/// Each partition goes written → verified (blob hash, then every row loaded back into a scratch table and
/// counted) → removed (detached and dropped, as the owner). The state is in archive_parts, so a run that
/// stops anywhere is finished by the next one without a second archive. The default partition is never touched.
/// </summary>
public sealed partial class LedgerArchiver(BlobServiceClient blobs, ArchiveStore store, SecurityOptions keys, PostgresOptions postgres,
    ArchiveOptions options, TimeProvider clock, ILogger<LedgerArchiver> logger)
{
    public const string Source = "ledger";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.ArchiveContainer);
    private string Owner => PostgresConnections.Unpooled(postgres, owner: true, commandTimeout: 0);
    public string BlobName(string partition) => $"{postgres.Database}/ledger/{partition}.copy.gz.enc";
    public static string PartName(string partition) => $"ledger/{partition}";

    /// <summary>Partitions named transactions_yYYYYmMM whose month ended before now − retention.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(Owner);
        var names = await c.QueryAsync<string>(new CommandDefinition("""
            select ch.relname::text from pg_inherits i join pg_class ch on ch.oid = i.inhrelid join pg_class pa on pa.oid = i.inhparent
            join pg_namespace n on n.oid = pa.relnamespace where n.nspname = 'public' and pa.relname = 'transactions'
            """, cancellationToken: ct));
        var cutoff = clock.GetUtcNow().UtcDateTime.AddYears(-options.FinancialRetentionYears);
        return names.Select(n => (n, m: MonthlyPartition().Match(n))).Where(x => x.m.Success)
            .Where(x => new DateTime(int.Parse(x.m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(x.m.Groups[2].Value, CultureInfo.InvariantCulture), 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1) <= cutoff)
            .Select(x => x.n).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<ArchiveRunReport> RunAsync(CancellationToken ct)
    {
        var archived = new List<string>();
        var notes = new List<string>();
        long rows = 0;
        foreach (var p in await DueAsync(ct))
        {
            try
            {
                rows += await ArchivePartitionAsync(p, ArchiveStep.Removed, ct);
                archived.Add(PartName(p));
            }
            catch (Exception ex) when (ex is InvalidOperationException or PostgresException or Azure.RequestFailedException or BackupIntegrityException)
            {
                // One partition's trouble must not stop the others; it stays in place and is tried again next night.
                logger.LogError(ex, "Archiving ledger partition {Partition} FAILED; it stays in the hot store", p);
                notes.Add($"FAILED {PartName(p)}: {ex.Message}");
            }
        }
        return new ArchiveRunReport(archived, [], notes, rows);
    }

    /// <summary>Takes one partition as far as <paramref name="upTo"/>, resuming where an earlier run stopped. Returns its rows.</summary>
    public async Task<long> ArchivePartitionAsync(string partition, ArchiveStep upTo, CancellationToken ct)
    {
        if (!MonthlyPartition().IsMatch(partition)) throw new ArgumentException($"'{partition}' is not a monthly ledger partition.", nameof(partition));
        var name = PartName(partition);
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        var part = await store.FindAsync(name, ct);
        if (part is null || part.Status == "written" && !await Container.GetBlobClient(part.BlobName).ExistsAsync(ct))
            part = await WriteAsync(partition, ct);
        if (upTo == ArchiveStep.Written) return part.RowCount;
        if (part.Status == "written")
        {
            await VerifyAsync(part, partition, ct);
            await store.SetStatusAsync(name, "verified", clock.GetUtcNow(), ct);
            part = part with { Status = "verified" };
        }
        if (upTo == ArchiveStep.Verified) return part.RowCount;
        if (part.Status == "verified")
        {
            await using var c = new NpgsqlConnection(Owner);
            await c.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var exists = await c.ExecuteScalarAsync<bool>(new CommandDefinition("select to_regclass(@p) is not null", new { p = "public." + partition }, tx, cancellationToken: ct));
            if (exists)
            {
                // Rows written to the partition after the archive was taken would be lost: refuse instead.
                var now = await c.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from public.{PostgresCatalog.Quote(partition)}", transaction: tx, cancellationToken: ct));
                if (now != part.RowCount) throw new InvalidOperationException($"{partition} holds {now} rows, the archive {part.RowCount}: not removed; delete the archive row to re-archive.");
                await c.ExecuteAsync(new CommandDefinition($"alter table transactions detach partition public.{PostgresCatalog.Quote(partition)}; drop table public.{PostgresCatalog.Quote(partition)}", transaction: tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            await store.SetStatusAsync(name, "removed", clock.GetUtcNow(), ct);
            logger.LogInformation("Archived and dropped ledger partition {Partition}: {Rows} rows", partition, part.RowCount);
        }
        return part.RowCount;
    }

    private async Task<ArchivePart> WriteAsync(string partition, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(Owner);
        await c.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var columns = (await PostgresCatalog.TablesAsync(c, tx, ct)).Single(t => t.Name == "transactions").Columns;
        var bound = await c.ExecuteScalarAsync<string>(new CommandDefinition("select pg_get_expr(relpartbound, oid) from pg_class where oid = @p::regclass",
            new { p = "public." + partition }, tx, cancellationToken: ct)) ?? "";
        var rows = await c.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from public.{PostgresCatalog.Quote(partition)}", transaction: tx, cancellationToken: ct));
        var blobName = BlobName(partition);
        var w = await EncryptedBlobs.WriteAsync(Container.GetBlockBlobClient(blobName), keys, blobName, async gz =>
        {
            await using var copy = await c.BeginRawBinaryCopyAsync($"copy public.{PostgresCatalog.Quote(partition)} ({PostgresCatalog.ColumnList(columns)}) to stdout (format binary)", ct);
            await copy.CopyToAsync(gz, 1 << 16, ct);
        }, ct);
        await tx.CommitAsync(ct);
        var manifest = new LedgerArchiveManifest(partition, bound, columns, rows, w.Bytes, w.Sha256, keys.ActiveKeyId, clock.GetUtcNow());
        await Container.GetBlobClient(blobName.Replace(".copy.gz.enc", ".manifest.json", StringComparison.Ordinal))
            .UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupSets.Json)), overwrite: true, ct);
        var part = new ArchivePart(PartName(partition), Source, "written", blobName, rows, w.Bytes, w.Sha256, clock.GetUtcNow().UtcDateTime, null);
        await store.WrittenAsync(part, ct);
        return part;
    }

    /// <summary>The blob matches its hash, decrypts, and every row loads back into a scratch table of the same shape.</summary>
    private async Task VerifyAsync(ArchivePart part, string partition, CancellationToken ct)
    {
        var blob = Container.GetBlockBlobClient(part.BlobName);
        if (await EncryptedBlobs.Sha256Async(blob, ct) != part.Sha256) throw new InvalidOperationException($"Archive {part.BlobName} does not match its recorded hash.");
        var loaded = await LoadAsync(part, $"pg_temp.{PostgresCatalog.Quote("verify_" + partition)}", temporary: true, ct);
        if (loaded != part.RowCount) throw new InvalidOperationException($"Archive {part.BlobName} holds {loaded} rows, {part.RowCount} expected.");
    }

    /// <summary>`db archive restore`: loads an archived partition into a table of its own (for an audit), never back into the ledger.</summary>
    public async Task<(string Table, long Rows)> RestoreAsync(string name, CancellationToken ct)
    {
        var part = await store.FindAsync(name, ct) ?? throw new RestoreException($"No archived part '{name}': see `nrsgirls db archive list`.");
        var table = "archive_restore_" + part.Name.Split('/').Last();
        return (table, await LoadAsync(part, "public." + PostgresCatalog.Quote(table), temporary: false, ct));
    }

    private async Task<long> LoadAsync(ArchivePart part, string table, bool temporary, CancellationToken ct)
    {
        var manifestBlob = Container.GetBlobClient(part.BlobName.Replace(".copy.gz.enc", ".manifest.json", StringComparison.Ordinal));
        var manifest = (await manifestBlob.DownloadContentAsync(ct)).Value.Content.ToObjectFromJson<LedgerArchiveManifest>(BackupSets.Json)!;
        await using var c = new NpgsqlConnection(Owner);
        await c.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition($"create {(temporary ? "temporary " : "")}table {table} (like public.transactions including defaults)", cancellationToken: ct));
        await using (var source = await EncryptedBlobs.OpenReadAsync(Container.GetBlockBlobClient(part.BlobName), keys, part.BlobName, ct))
        await using (var copy = await c.BeginRawBinaryCopyAsync($"copy {table} ({PostgresCatalog.ColumnList(manifest.Columns)}) from stdin (format binary)", ct))
            await source.CopyToAsync(copy, 1 << 16, ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from {table}", cancellationToken: ct));
    }

    [GeneratedRegex(@"^transactions_y(\d{4})m(\d{2})$")]
    private static partial Regex MonthlyPartition();
}
