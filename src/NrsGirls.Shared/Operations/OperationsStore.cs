namespace NrsGirls.Shared.Operations;

public sealed record OperationRun(Guid Id, string Kind, string Period, string Status, DateTime StartedAt, DateTime? FinishedAt,
    string? SetName, long? SizeBytes, bool Suspicious, string Detail, string? Error);

public sealed record SizeSnapshotRow(DateTime TakenOn, string Relation, string RelationKind, long Bytes, long? RowEstimate);

/// <summary>The SQL of operations bookkeeping (migration 011): runs, size snapshots, archive parts.</summary>
public sealed class OperationsStore(NpgsqlDataSource db)
{
    public const string Backup = "backup";
    public const string RestoreDrill = "restore_drill";
    public const string Archive = "archive";

    /// <summary>
    /// Claims (kind, period) for this process: a new period, a failed one, or one whose runner stopped
    /// reporting for <paramref name="staleAfter"/>. Null when another run holds it or finished it.
    /// </summary>
    public async Task<Guid?> ClaimAsync(string kind, string period, DateTimeOffset now, TimeSpan staleAfter, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            insert into operation_runs (kind, period, started_at) values (@kind, @period, @now)
            on conflict (kind, period) do update
               set status = 'running', started_at = @now, finished_at = null, error = null, suspicious = false, detail = '{}'
             where operation_runs.status = 'failed' or (operation_runs.status = 'running' and operation_runs.started_at < @stale)
            returning id
            """, new { kind, period, now, stale = now - staleAfter }, cancellationToken: ct));
    }

    public async Task<OperationRun?> FindAsync(string kind, string period, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<OperationRun>(new CommandDefinition(
            $"{Select} where kind = @kind and period = @period", new { kind, period }, cancellationToken: ct));
    }

    public async Task CompleteAsync(Guid id, DateTimeOffset now, string? setName, long? size, bool suspicious, string detailJson, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            update operation_runs set status = 'complete', finished_at = @now, set_name = @setName, size_bytes = @size,
                   suspicious = @suspicious, detail = @detailJson::jsonb
            where id = @id
            """, new { id, now, setName, size, suspicious, detailJson }, cancellationToken: ct));
    }

    public async Task FailAsync(Guid id, DateTimeOffset now, string error, string detailJson, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            update operation_runs set status = 'failed', finished_at = @now, error = @error, detail = @detailJson::jsonb where id = @id
            """, new { id, now, error = error.Length > 2000 ? error[..2000] : error, detailJson }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<OperationRun>> RecentAsync(string kind, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<OperationRun>(new CommandDefinition(
            $"{Select} where kind = @kind order by started_at desc limit @limit", new { kind, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Runs of the given kinds that failed (or ended failed) since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<OperationRun>> FailedSinceAsync(string[] kinds, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<OperationRun>(new CommandDefinition(
            $"{Select} where kind = any(@kinds) and status = 'failed' and coalesce(finished_at, started_at) >= @since order by started_at desc",
            new { kinds, since }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// The size of every table and index of public as declared (a partitioned table or index counts its
    /// partitions), with the planner's row estimate for tables: columns name, kind, bytes, row_estimate.
    /// The one definition both the daily snapshot and `db stats` read, so growth compares like with like.
    /// </summary>
    public const string RelationSizesSql = """
        select c.relname::text as name, case when c.relkind in ('i', 'I') then 'index' else 'table' end as kind,
               case when c.relkind = 'p' then (select coalesce(sum(pg_total_relation_size(p.relid)), 0) from pg_partition_tree(c.oid) p)
                    when c.relkind = 'I' then (select coalesce(sum(pg_relation_size(p.relid)), 0) from pg_partition_tree(c.oid) p)
                    when c.relkind = 'i' then pg_relation_size(c.oid)
                    else pg_total_relation_size(c.oid) end::bigint as bytes,
               case when c.relkind in ('r', 'p') then greatest(c.reltuples, 0)::bigint end as row_estimate
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'i', 'I') and not c.relispartition
        """;

    /// <summary>Records today's sizes (database, tables, indexes of public); a second call the same day overwrites.</summary>
    public async Task<int> SnapshotSizesAsync(DateOnly day, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition($"""
            insert into relation_size_snapshots (taken_on, relation, relation_kind, bytes, row_estimate)
            select @day::date, current_database(), 'database', pg_database_size(current_database()), null
            union all
            select @day::date, s.name, s.kind, s.bytes, s.row_estimate from ({RelationSizesSql}) s
            on conflict (taken_on, relation_kind, relation) do update set bytes = excluded.bytes, row_estimate = excluded.row_estimate
            """, new { day = day.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
    }

    /// <summary>The newest snapshot taken before <paramref name="before"/>, for growth.</summary>
    public async Task<IReadOnlyList<SizeSnapshotRow>> PreviousSnapshotAsync(DateOnly before, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<SizeSnapshotRow>(new CommandDefinition("""
            select taken_on::timestamp as taken_on, relation, relation_kind, bytes, row_estimate from relation_size_snapshots
            where taken_on = (select max(taken_on) from relation_size_snapshots where taken_on < @before::date)
            """, new { before = before.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).ToList();
    }

    private const string Select = """
        select id, kind, period, status, started_at, finished_at, set_name, size_bytes, suspicious, detail::text as detail, error from operation_runs
        """;
}

public sealed record ArchivePart(string Name, string Source, string Status, string BlobName, long RowCount, long SizeBytes, string Sha256, DateTime CreatedAt, DateTime? RemovedAt);

/// <summary>archive_parts: what was archived, and how far each part got (written → verified → removed).</summary>
public sealed class ArchiveStore(NpgsqlDataSource db)
{
    public async Task<ArchivePart?> FindAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ArchivePart>(new CommandDefinition($"{Select} where name = @name", new { name }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ArchivePart>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<ArchivePart>(new CommandDefinition($"{Select} order by created_at, name", cancellationToken: ct))).ToList();
    }

    /// <summary>Records a written part; a rewrite after a crash (same name) replaces the row's blob facts, never its later status.</summary>
    public async Task WrittenAsync(ArchivePart p, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            insert into archive_parts (name, source, status, blob_name, row_count, size_bytes, sha256, created_at)
            values (@Name, @Source, 'written', @BlobName, @RowCount, @SizeBytes, @Sha256, @CreatedAt)
            on conflict (name) do update set blob_name = excluded.blob_name, row_count = excluded.row_count,
                size_bytes = excluded.size_bytes, sha256 = excluded.sha256, status = 'written'
            where archive_parts.status = 'written'
            """, p, cancellationToken: ct));
    }

    public async Task SetStatusAsync(string name, string status, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            update archive_parts set status = @status, removed_at = case when @status = 'removed' then @now else removed_at end where name = @name
            """, new { name, status, now }, cancellationToken: ct));
    }

    private const string Select = "select name, source, status, blob_name, row_count, size_bytes, sha256, created_at, removed_at from archive_parts";
}
