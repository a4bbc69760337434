namespace NrsGirls.Benchmarks;

/// <summary>
/// EXPLAIN (ANALYZE) of the hot queries against the configured database, after `nrsgirls db seed
/// --scale N`: prints each plan's top node, whether an index serves it, and the execution time.
/// </summary>
public static class QueryPlans
{
    private static readonly (string Name, string Sql)[] Queries =
    [
        ("sign-in by email", "select id, password_hash from users where lower(email) = lower('scale-4242@nrsgirls.test') and deleted_at is null"),
        ("creator earnings, last 30 days", """
            select status, sum(net_amount) from transactions
            where creator_id = (select creator_id from transactions limit 1) and created_at >= now() - interval '30 days' group by status
            """),
        ("creator ledger page (keyset)", """
            select id, amount, created_at from transactions where creator_id = (select creator_id from transactions limit 1)
            order by created_at desc, id desc limit 50
            """),
        ("viewer's transactions page", """
            select id, amount, created_at from transactions where user_id = (select user_id from transactions limit 1)
            order by created_at desc, id desc limit 50
            """),
        ("live streams page", "select id, title, start_time from streams where status = 'live' order by start_time desc limit 50"),
        ("creator search (full text)", """
            select id, stage_name from dj_profiles where search_vector @@ websearch_to_tsquery('simple', 'DJ house')
            order by ts_rank(search_vector, websearch_to_tsquery('simple', 'DJ house')) desc limit 20
            """),
        ("subscriptions due for renewal", "select id from subscriptions where status = 'active' and current_period_end <= now() limit 500"),
    ];

    public static async Task RunAsync()
    {
        var o = BenchDatabase.Server();
        await using var conn = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true));
        await conn.OpenAsync();
        var tx = await conn.ExecuteScalarAsync<long>("select count(*) from transactions");
        Console.WriteLine($"query plans on {o.Database} ({tx:N0} transactions; seed with `nrsgirls db seed --scale 100000` first)");
        foreach (var (name, sql) in Queries)
        {
            var plan = string.Join('\n', await conn.QueryAsync<string>("explain (analyze, buffers, format text) " + sql));
            var top = plan.Split('\n')[0].Trim();
            var usesIndex = plan.Contains("Index", StringComparison.Ordinal) || plan.Contains("Bitmap", StringComparison.Ordinal);
            var time = plan.Split('\n').LastOrDefault(l => l.Contains("Execution Time", StringComparison.Ordinal))?.Trim() ?? "";
            Console.WriteLine($"  {name,-32} index: {(usesIndex ? "yes" : "NO "),-3}  {time,-28} {top[..Math.Min(top.Length, 70)]}");
        }
        await CreatorSearchPlans.RunAsync(conn);
    }
}
