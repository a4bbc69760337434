using System.Diagnostics.Metrics;

namespace NrsGirls.Shared.Operations;

public sealed record PoolStats(int Busy, int Idle, int Max, int ServerConnections, int ServerActive);
public sealed record StatementStat(string Query, long Calls, double MeanMs, double TotalMs, long Rows);
public sealed record RelationSize(string Name, string Kind, long Bytes, long? PreviousBytes, long? Growth, long? RowEstimate);
public sealed record IndexUse(string Table, string Index, long Scans, long Bytes, bool Unique);

public sealed record PostgresStats(
    string Database, long DatabaseBytes, long? DatabaseGrowth, DateTime? PreviousSnapshotOn, double? CacheHitRate, PoolStats Pool,
    IReadOnlyList<StatementStat> SlowestStatements, string? StatementsNote,
    IReadOnlyList<RelationSize> LargestTables, IReadOnlyList<RelationSize> LargestIndexes,
    IReadOnlyList<IndexUse> UnusedIndexes, IReadOnlyList<IndexUse> MostUsedIndexes);

/// <summary>PostgreSQL's side of `db stats`: pool, slow statements, sizes with growth, index use, cache hit rate.</summary>
public sealed class DatabaseStats(NpgsqlDataSource db, OperationsStore store, TimeProvider clock)
{
    public async Task<PostgresStats> ReadAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var (statements, note) = await SlowestAsync(c, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var previous = (await store.PreviousSnapshotAsync(today.AddDays(1), ct)).ToDictionary(r => (r.RelationKind, r.Relation));
        var sizes = (await c.QueryAsync<(string Name, string Kind, long Bytes, long? Rows)>(new CommandDefinition(
            OperationsStore.RelationSizesSql, cancellationToken: ct))).Select(s =>
            {
                previous.TryGetValue((s.Kind, s.Name), out var p);
                return new RelationSize(s.Name, s.Kind, s.Bytes, p?.Bytes, p is null ? null : s.Bytes - p.Bytes, s.Rows);
            }).ToList();
        var dbBytes = await c.ExecuteScalarAsync<long>(new CommandDefinition("select pg_database_size(current_database())", cancellationToken: ct));
        previous.TryGetValue(("database", c.Database), out var prevDb);
        var hit = await c.ExecuteScalarAsync<double?>(new CommandDefinition("""
            select sum(blks_hit)::float8 / nullif(sum(blks_hit) + sum(blks_read), 0) from pg_stat_database where datname = current_database()
            """, cancellationToken: ct));
        // Indexes of partitions count towards their partitioned parent index (one line per index as declared).
        var indexes = (await c.QueryAsync<IndexUse>(new CommandDefinition("""
            with per_index as (
                select coalesce(pi.inhparent, s.indexrelid) as idx, s.idx_scan, pg_relation_size(s.indexrelid) as bytes
                from pg_stat_user_indexes s left join pg_inherits pi on pi.inhrelid = s.indexrelid
                where s.schemaname = 'public')
            select t.relname::text as "table", i.relname::text as "index", sum(p.idx_scan)::bigint as scans, sum(p.bytes)::bigint as bytes, x.indisunique as "unique"
            from per_index p join pg_class i on i.oid = p.idx join pg_index x on x.indexrelid = p.idx join pg_class t on t.oid = x.indrelid
            group by t.relname, i.relname, x.indisunique
            """, cancellationToken: ct))).ToList();
        var server = await c.QuerySingleAsync<(int Total, int Active)>(new CommandDefinition("""
            select count(*)::int, count(*) filter (where state = 'active')::int from pg_stat_activity where datname = current_database()
            """, cancellationToken: ct));
        var pool = PoolStatistics.Read(db, server.Total, server.Active);

        return new PostgresStats(c.Database, dbBytes, prevDb is null ? null : dbBytes - prevDb.Bytes, previous.Values.FirstOrDefault()?.TakenOn,
            hit, pool, statements, note,
            sizes.Where(s => s.Kind == "table").OrderByDescending(s => s.Bytes).Take(10).ToList(),
            sizes.Where(s => s.Kind == "index").OrderByDescending(s => s.Bytes).Take(10).ToList(),
            // Unique indexes enforce rules even when no query reads them; they are not "unused".
            indexes.Where(i => i.Scans == 0 && !i.Unique).OrderByDescending(i => i.Bytes).Take(20).ToList(),
            indexes.OrderByDescending(i => i.Scans).Take(10).ToList());
    }

    private static async Task<(IReadOnlyList<StatementStat>, string?)> SlowestAsync(NpgsqlConnection c, CancellationToken ct)
    {
        var installed = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select from pg_extension where extname = 'pg_stat_statements')", cancellationToken: ct));
        if (!installed)
            return ([], "pg_stat_statements is not installed in this database: add it to shared_preload_libraries (Azure: server parameter) and run `create extension pg_stat_statements` as the owner.");
        try
        {
            var rows = await c.QueryAsync<StatementStat>(new CommandDefinition("""
                select left(regexp_replace(query, '\s+', ' ', 'g'), 300) as query, calls, mean_exec_time as meanms, total_exec_time as totalms, rows
                from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database()) and calls > 0
                order by mean_exec_time desc limit 10
                """, cancellationToken: ct));
            return (rows.ToList(), null);
        }
        catch (PostgresException ex) when (ex.SqlState is "55000" or PostgresErrorCodes.InsufficientPrivilege)
        {
            return ([], $"pg_stat_statements is installed but not readable: {ex.MessageText}");
        }
    }
}

/// <summary>
/// The client pool of a data source, read from Npgsql's own metrics (meter "Npgsql":
/// db.client.connection.count by state, db.client.connection.max), tagged with the pool's name.
/// </summary>
public static class PoolStatistics
{
    public static PoolStats Read(NpgsqlDataSource db, int serverConnections, int serverActive)
    {
        // Npgsql names a pool after its data source's connection string (without the password) unless given a name.
        var pools = new Dictionary<string, (int Busy, int Idle, int Max)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name is "db.client.connection.count" or "db.client.connection.max")
                l.EnableMeasurementEvents(instrument);
        };
        void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? pool = null, state = null;
            foreach (var t in tags)
            {
                if (t.Key == "db.client.connection.pool.name") pool = t.Value as string;
                else if (t.Key == "db.client.connection.state") state = t.Value as string;
            }
            if (pool is null) return;
            var p = pools.GetValueOrDefault(pool);
            if (instrument.Name == "db.client.connection.max") p.Max = (int)value;
            else if (state == "used") p.Busy = (int)value;
            else if (state == "idle") p.Idle = (int)value;
            pools[pool] = p;
        }
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        var (busy, idle, max) = pools.TryGetValue(db.ConnectionString, out var mine) ? mine : pools.Count == 1 ? pools.Values.Single() : default;
        if (max == 0) max = new NpgsqlConnectionStringBuilder(db.ConnectionString).MaxPoolSize;
        return new PoolStats(busy, idle, max, serverConnections, serverActive);
    }
}
