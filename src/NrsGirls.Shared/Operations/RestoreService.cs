using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Operations;

/// <summary>A restore was refused or failed; the message says why and what to do.</summary>
public sealed class RestoreException(string message) : Exception(message);

public sealed record RestoreReport(string Period, string Database, bool Ok, TimeSpan Elapsed, long Rows, long Bytes,
    IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>
/// Restores a backup set into an empty database: checks the manifest's migration checksums against this
/// build (a mismatch is refused unless forced), verifies the SHA-256 of every part before touching the
/// target, applies the migrations the set was taken at, recreates the partitions, loads every table by
/// binary COPY with triggers out of the way (session_replication_role = replica where the login may set
/// it, otherwise user triggers disabled and tables loaded parents-first), sets the sequences, applies
/// any newer migrations, and then runs every registered <see cref="IRestoreCheck"/> (row counts first).
/// </summary>
public sealed partial class RestoreService(
    BackupSets sets,
    SecurityOptions keys,
    PostgresOptions postgres,
    IEnumerable<IRestoreCheck> checks,
    ILogger<RestoreService> logger)
{
    public async Task<RestoreReport> RestoreAsync(string period, string target, bool force, string? sourceDatabase,
        IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        if (!DatabaseName().IsMatch(target)) throw new RestoreException($"'{target}' is not a database name this tool creates (lower-case letters, digits, '_').");
        var source = sourceDatabase ?? sets.Database;
        var manifest = await sets.ReadManifestAsync(period, ct, source)
                       ?? throw new RestoreException($"No complete backup set '{period}' of database '{source}' (no manifest): see `nrsgirls db backup list`.");
        var notes = new List<string>();

        var code = Migration.Embedded().ToDictionary(m => m.Version);
        var mismatches = manifest.Migrations.Where(m => !code.TryGetValue(m.Version, out var c) || c.Checksum != m.Checksum)
            .Select(m => $"{m.Version:D3}_{m.Name}").ToList();
        if (mismatches.Count > 0)
        {
            var msg = $"The set was taken with migrations this build does not have or has changed: {string.Join(", ", mismatches)}.";
            if (!force) throw new RestoreException(msg + " Restore with the build that took it, or pass --force to load into this build's schema anyway.");
            notes.Add("forced: " + msg);
        }

        await VerifyPartsAsync(manifest, progress, ct);
        var targetCs = PostgresConnections.Unpooled(postgres, owner: true, database: target, commandTimeout: 0);
        await EnsureEmptyDatabaseAsync(target, targetCs, ct);

        await new MigrationRunner(targetCs, Migration.Embedded().Where(m => m.Version <= manifest.SchemaVersion).ToList(), logger).UpAsync(ct: ct);
        var rows = await LoadAsync(manifest, targetCs, notes, progress, ct);
        var later = await new MigrationRunner(targetCs, Migration.Embedded(), logger).UpAsync(ct: ct);
        if (later.Count > 0) notes.Add($"applied {later.Count} newer migration(s) after loading: {string.Join(", ", later.Select(m => m.FileName))}");
        if (manifest.Collections.Count > 0) notes.Add($"{manifest.Collections.Count} MongoDB collection part(s) verified, not loaded (restore them with `mongorestore`-style tooling; see README)");

        var problems = new List<string>();
        await using (var conn = new NpgsqlConnection(targetCs))
        {
            await conn.OpenAsync(ct);
            foreach (var check in checks)
            {
                var found = await check.RunAsync(conn, manifest, ct);
                problems.AddRange(found.Select(p => $"{check.Name}: {p}"));
                progress?.Report(new OperationProgress($"check {check.Name}: {(found.Count == 0 ? "ok" : found.Count + " problem(s)")}", 0, 0, 0, rows));
            }
        }
        var report = new RestoreReport(period, target, problems.Count == 0, sw.Elapsed, rows, manifest.TotalBytes, problems, notes);
        if (report.Ok) logger.LogInformation("Restored {Period} into {Database}: {Rows} rows in {Seconds:0.0} s", period, target, rows, sw.Elapsed.TotalSeconds);
        else logger.LogError("Restore of {Period} into {Database} found problems: {Problems}", period, target, string.Join("; ", problems));
        return report;
    }

    /// <summary>Reads every part once and compares its SHA-256 with the manifest before anything is loaded.</summary>
    private async Task VerifyPartsAsync(BackupManifest manifest, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        var parts = manifest.Tables.Select(t => (t.Part, t.Sha256, t.Bytes)).Concat(manifest.Collections.Select(c => (c.Part, c.Sha256, c.Bytes))).ToList();
        var done = 0;
        long verified = 0;
        foreach (var (part, sha, bytes) in parts)
        {
            var actual = await EncryptedBlobs.Sha256Async(sets.Blob(manifest.Database, manifest.Period, part), ct);
            if (actual != sha) throw new RestoreException($"Part {part} does not match its manifest (sha256 {actual[..12]}…, expected {sha[..12]}…): the set was altered or damaged. Nothing was loaded.");
            verified += bytes;
            progress?.Report(new OperationProgress($"verified {part}", ++done, parts.Count, verified, 0));
        }
    }

    private async Task EnsureEmptyDatabaseAsync(string target, string targetCs, CancellationToken ct)
    {
        await using (var admin = new NpgsqlConnection(PostgresConnections.Unpooled(postgres, owner: true, database: "postgres")))
        {
            if (!await admin.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select from pg_database where datname = @target)", new { target }, cancellationToken: ct)))
                await admin.ExecuteAsync(new CommandDefinition($"create database {PostgresCatalog.Quote(target)}", cancellationToken: ct));
        }
        await using var conn = new NpgsqlConnection(targetCs);
        await conn.OpenAsync(ct);
        var tables = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p')
            """, cancellationToken: ct));
        if (tables > 0) throw new RestoreException($"Database '{target}' is not empty ({tables} tables): restore only into an empty or new database.");
    }

    private async Task<long> LoadAsync(BackupManifest manifest, string targetCs, List<string> notes, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(targetCs);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var replica = true;
        await tx.SaveAsync("replica", ct);
        try { await conn.ExecuteAsync(new CommandDefinition("set local session_replication_role = replica", transaction: tx, cancellationToken: ct)); }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await tx.RollbackAsync("replica", ct);
            replica = false;
            notes.Add("session_replication_role not permitted for this login: user triggers disabled per table, tables loaded parents first");
        }

        var existing = (await conn.QueryAsync<string>(new CommandDefinition(
            "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'", transaction: tx, cancellationToken: ct))).ToHashSet();
        foreach (var p in manifest.Partitions.Where(p => !existing.Contains(p.Name)))
            await conn.ExecuteAsync(new CommandDefinition(
                $"create table public.{PostgresCatalog.Quote(p.Name)} partition of public.{PostgresCatalog.Quote(p.Parent)} {p.Bound}", transaction: tx, cancellationToken: ct));

        var missing = manifest.Tables.Where(t => !existing.Contains(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0) throw new RestoreException($"The migrated schema has no table(s) {string.Join(", ", missing)} that the set holds.");
        var byName = manifest.Tables.ToDictionary(t => t.Name);
        var order = PostgresCatalog.LoadOrder(byName.Keys, await PostgresCatalog.ForeignKeysAsync(conn, ct));
        long rows = 0, bytes = 0;
        var done = 0;
        foreach (var name in order)
        {
            var t = byName[name];
            var table = PostgresCatalog.Quote(name);
            if (!replica) await conn.ExecuteAsync(new CommandDefinition($"alter table {table} disable trigger user", transaction: tx, cancellationToken: ct));
            try
            {
                await using var gunzip = await EncryptedBlobs.OpenReadAsync(sets.Blob(manifest.Database, manifest.Period, t.Part), keys, BackupSets.Prefix(manifest.Database, manifest.Period) + t.Part, ct);
                await using var copy = await conn.BeginRawBinaryCopyAsync($"copy {table} ({PostgresCatalog.ColumnList(t.Columns)}) from stdin (format binary)", ct);
                try { await gunzip.CopyToAsync(copy, 1 << 16, ct); }
                catch { await copy.CancelAsync(); throw; }
            }
            catch (Exception ex) when (ex is BackupIntegrityException or InvalidDataException)
            {
                // The load is one transaction: nothing of the set stays in the target.
                throw new RestoreException($"Part {t.Part} cannot be read back ({ex.Message}); nothing was loaded.");
            }
            if (!replica) await conn.ExecuteAsync(new CommandDefinition($"alter table {table} enable trigger user", transaction: tx, cancellationToken: ct));
            rows += t.Rows;
            bytes += t.Bytes;
            progress?.Report(new OperationProgress($"loaded {name}", ++done, order.Count, bytes, rows));
        }
        foreach (var s in manifest.Sequences.Where(s => s.LastValue is not null))
            await conn.ExecuteAsync(new CommandDefinition("select setval(format('public.%I', @name::text)::regclass, @value, true)",
                new { name = s.Name, value = s.LastValue }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

/// <summary>
/// A check run on a freshly restored database (by `db restore` and by the restore drill). Register
/// implementations with <c>services.AddSingleton&lt;IRestoreCheck, X&gt;()</c>; each returns its problems.
/// </summary>
public interface IRestoreCheck
{
    string Name { get; }
    Task<IReadOnlyList<string>> RunAsync(NpgsqlConnection restored, BackupManifest manifest, CancellationToken ct);
}

/// <summary>Every table holds exactly as many rows as the manifest recorded at backup time.</summary>
public sealed class RowCountRestoreCheck : IRestoreCheck
{
    public string Name => "row counts";

    public async Task<IReadOnlyList<string>> RunAsync(NpgsqlConnection restored, BackupManifest manifest, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var t in manifest.Tables)
        {
            var n = await restored.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from {PostgresCatalog.Quote(t.Name)}", commandTimeout: 0, cancellationToken: ct));
            if (n != t.Rows) problems.Add($"{t.Name}: {n} rows restored, {t.Rows} in the manifest");
        }
        return problems;
    }
}
