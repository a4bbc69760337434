using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace NrsGirls.Shared.Postgres;

public sealed record AppliedMigration(int Version, string Name, string Checksum, DateTime AppliedAt);

public sealed record MigrationStatus(int Version, string Name, bool Applied, DateTime? AppliedAt, bool Changed, bool FileMissing);

/// <summary>
/// Applies and reverts numbered migrations. Each migration runs in its own transaction together with
/// its history row, so it is applied entirely or not at all. A session-level advisory lock serializes
/// runners: a second runner waits (up to <see cref="LockWait"/>) and then sees the work already done.
/// </summary>
public sealed class MigrationRunner(string ownerConnectionString, IReadOnlyList<Migration> migrations, ILogger? logger = null)
{
    /// <summary>Arbitrary constant shared by every runner of this project ("nrsgirls" in ASCII).</summary>
    public const long LockKey = 0x6e7273_6769726c;

    private readonly ILogger _log = logger ?? NullLogger.Instance;

    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(60);

    // The history lives in a schema of its own: the grants of the public schema (read-write for the app
    // role) must not reach it, or the app could rewrite which migrations count as applied.
    private const string HistoryDdl = """
        create schema if not exists nrsgirls_migrations;
        create table if not exists nrsgirls_migrations.schema_migrations (
            version    integer primary key,
            name       text not null,
            checksum   char(64) not null,
            applied_at timestamptz not null default now()
        )
        """;

    public async Task<IReadOnlyList<Migration>> UpAsync(int? to = null, CancellationToken ct = default)
    {
        await using var conn = await OpenLockedAsync(ct);
        var applied = await VerifyAsync(conn, ct);
        var pending = migrations.Where(m => !applied.ContainsKey(m.Version) && (to is null || m.Version <= to)).ToList();
        foreach (var m in pending)
        {
            var sw = Stopwatch.StartNew();
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                await conn.ExecuteAsync(new CommandDefinition(m.Up, transaction: tx, commandTimeout: 600, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into nrsgirls_migrations.schema_migrations (version, name, checksum) values (@Version, @Name, @Checksum)",
                    m, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            catch (PostgresException ex)
            {
                throw new MigrationException($"Migration {m.FileName} failed and was rolled back: {ex.SqlState} {ex.MessageText}" +
                                             (ex.Position > 0 ? $" (at character {ex.Position} of its up part)" : ""));
            }
            _log.LogInformation("Applied {Migration} in {ElapsedMs} ms", m.FileName, sw.ElapsedMilliseconds);
        }
        return pending;
    }

    public async Task<IReadOnlyList<Migration>> DownAsync(int steps = 1, CancellationToken ct = default)
    {
        if (steps < 1) throw new MigrationException("--steps must be at least 1.");
        await using var conn = await OpenLockedAsync(ct);
        var applied = await VerifyAsync(conn, ct);
        var byVersion = migrations.ToDictionary(m => m.Version);
        var targets = applied.Keys.OrderDescending().Take(steps).Select(v => byVersion[v]).ToList();
        foreach (var m in targets)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                if (m.Down.Length > 0)
                    await conn.ExecuteAsync(new CommandDefinition(m.Down, transaction: tx, commandTimeout: 600, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition("delete from nrsgirls_migrations.schema_migrations where version = @Version", m, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            catch (PostgresException ex)
            {
                throw new MigrationException($"Reverting {m.FileName} failed and was rolled back: {ex.SqlState} {ex.MessageText}");
            }
            _log.LogInformation("Reverted {Migration}", m.FileName);
        }
        return targets;
    }

    public async Task<IReadOnlyList<MigrationStatus>> StatusAsync(CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        var applied = await ReadAppliedAsync(conn, ct);
        var known = migrations.Select(m =>
        {
            applied.TryGetValue(m.Version, out var a);
            return new MigrationStatus(m.Version, m.Name, a is not null, a?.AppliedAt, a is not null && a.Checksum != m.Checksum, false);
        });
        var orphans = applied.Values.Where(a => migrations.All(m => m.Version != a.Version))
            .Select(a => new MigrationStatus(a.Version, a.Name, true, a.AppliedAt, false, true));
        return known.Concat(orphans).OrderBy(s => s.Version).ToList();
    }

    private async Task<NpgsqlConnection> OpenLockedAsync(CancellationToken ct)
    {
        // Pooling off: the advisory lock is session-level and must die with this connection.
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        var deadline = Stopwatch.StartNew();
        var announced = false;
        while (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct)))
        {
            if (!announced)
            {
                _log.LogWarning("Another migration runner is working on this database; waiting up to {Seconds} s", LockWait.TotalSeconds);
                announced = true;
            }
            if (deadline.Elapsed > LockWait)
            {
                await conn.DisposeAsync();
                throw new MigrationException($"Another migration runner held the lock for over {LockWait.TotalSeconds:0} s; nothing was applied. Try again when it has finished.");
            }
            await Task.Delay(200, ct);
        }
        await conn.ExecuteAsync(new CommandDefinition(HistoryDdl, cancellationToken: ct));
        return conn;
    }

    /// <summary>Refuses to go on when an applied migration's file has changed since it was applied.</summary>
    private async Task<Dictionary<int, AppliedMigration>> VerifyAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = await ReadAppliedAsync(conn, ct);
        foreach (var m in migrations)
            if (applied.TryGetValue(m.Version, out var a) && a.Checksum != m.Checksum)
                throw new MigrationException(
                    $"Migration {m.FileName} was changed after it was applied (checksum {a.Checksum[..12]}… applied, {m.Checksum[..12]}… now). " +
                    "Never edit an applied migration: restore the file and add a new migration instead.");
        var missing = applied.Values.Where(a => migrations.All(m => m.Version != a.Version)).ToList();
        if (missing.Count > 0)
            throw new MigrationException($"The database has migrations this build does not know: {string.Join(", ", missing.Select(a => $"{a.Version:D3}_{a.Name}"))}. Use a newer build.");
        return applied;
    }

    private static async Task<Dictionary<int, AppliedMigration>> ReadAppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select to_regclass('nrsgirls_migrations.schema_migrations') is not null", cancellationToken: ct));
        if (!exists) return [];
        var rows = await conn.QueryAsync<AppliedMigration>(new CommandDefinition(
            "select version, name, checksum, applied_at as appliedat from nrsgirls_migrations.schema_migrations order by version", cancellationToken: ct));
        return rows.ToDictionary(r => r.Version);
    }

    /// <summary>Writes a new numbered migration file with both parts, numbered after the highest in the folder.</summary>
    public static string Create(string directory, string name)
    {
        var slug = new string(name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        if (slug.Length == 0) throw new MigrationException("Give the migration a name of letters and digits, for example add_tips_index.");
        Directory.CreateDirectory(directory);
        var next = Migration.FromDirectory(directory).Select(m => m.Version).DefaultIfEmpty(0).Max() + 1;
        var path = Path.Combine(directory, $"{next:D3}_{slug}.sql");
        File.WriteAllText(path, $"{Migration.UpMarker}\n-- write the change here\n\n{Migration.DownMarker}\n-- undo exactly what the up part did\n");
        return path;
    }
}
