namespace NrsGirls.Shared.Operations;

public sealed record CatalogTable(long Oid, string Name, bool Partitioned, IReadOnlyList<string> Columns);

/// <summary>
/// What a backup copies, found in the catalog each time (never a fixed list): every ordinary and
/// partitioned table of the public schema that is not itself a partition. A partitioned table is copied
/// through its root with <c>COPY (SELECT …)</c>, which reads every partition; the partitions' bounds go
/// in the manifest so a restore recreates the same layout. Stored generated columns are left out.
/// </summary>
public static class PostgresCatalog
{
    public static async Task<IReadOnlyList<CatalogTable>> TablesAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var tables = (await c.QueryAsync<(long Oid, string Name, bool Partitioned)>(new CommandDefinition("""
            select c.oid::bigint, c.relname::text, c.relkind = 'p'
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
            order by c.relname
            """, transaction: tx, cancellationToken: ct))).ToList();
        var columns = (await c.QueryAsync<(long Oid, string Name)>(new CommandDefinition("""
            select a.attrelid::bigint, a.attname::text
            from pg_attribute a
            where a.attrelid = any(@oids::oid[]) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attrelid, a.attnum
            """, new { oids = tables.Select(t => t.Oid).ToArray() }, tx, cancellationToken: ct))).ToLookup(x => x.Oid, x => x.Name);
        return tables.Select(t => new CatalogTable(t.Oid, t.Name, t.Partitioned, columns[t.Oid].ToList())).ToList();
    }

    /// <summary>Partitions of public tables, parents before their own partitions.</summary>
    public static async Task<IReadOnlyList<ManifestPartition>> PartitionsAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<ManifestPartition>(new CommandDefinition("""
            select c.relname::text as name, p.relname::text as parent, pg_get_expr(c.relpartbound, c.oid) as bound
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_inherits i on i.inhrelid = c.oid
            join pg_class p on p.oid = i.inhparent
            where n.nspname = 'public' and c.relispartition
            order by c.relname
            """, transaction: tx, cancellationToken: ct))).ToList();
        var names = rows.Select(r => r.Name).ToHashSet();
        var ordered = new List<ManifestPartition>();
        var placed = new HashSet<string>();
        while (ordered.Count < rows.Count)
        {
            var next = rows.Where(r => !placed.Contains(r.Name) && (!names.Contains(r.Parent) || placed.Contains(r.Parent))).ToList();
            if (next.Count == 0) break;
            foreach (var r in next) { ordered.Add(r); placed.Add(r.Name); }
        }
        return ordered;
    }

    public static async Task<IReadOnlyList<ManifestSequence>> SequencesAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct) =>
        (await c.QueryAsync<ManifestSequence>(new CommandDefinition("""
            select sequencename::text as name, last_value as lastvalue from pg_sequences where schemaname = 'public' order by sequencename
            """, transaction: tx, cancellationToken: ct))).ToList();

    /// <summary>Foreign keys between public tables (declared on roots, not the clones on partitions): child → parent.</summary>
    public static async Task<IReadOnlyList<(string Child, string Parent)>> ForeignKeysAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<(string, string)>(new CommandDefinition("""
            select distinct ch.relname::text, pa.relname::text
            from pg_constraint co
            join pg_class ch on ch.oid = co.conrelid
            join pg_class pa on pa.oid = co.confrelid
            join pg_namespace n on n.oid = ch.relnamespace
            where co.contype = 'f' and co.conparentid = 0 and n.nspname = 'public' and ch.oid <> pa.oid
            """, cancellationToken: ct))).ToList();

    /// <summary>Tables ordered so every referenced table comes before the tables referencing it (cycles keep name order).</summary>
    public static IReadOnlyList<string> LoadOrder(IEnumerable<string> tables, IReadOnlyList<(string Child, string Parent)> fks)
    {
        var pending = tables.OrderBy(t => t, StringComparer.Ordinal).ToList();
        var done = new List<string>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => fks.Where(f => f.Child == t).All(f => done.Contains(f.Parent) || !pending.Contains(f.Parent))).ToList();
            if (ready.Count == 0) ready = [pending[0]]; // a cycle: triggers are off during the load, so order no longer matters
            foreach (var t in ready) { done.Add(t); pending.Remove(t); }
        }
        return done;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));
}
