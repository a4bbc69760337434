using NrsGirls.Shared.Content;

namespace NrsGirls.Benchmarks;

/// <summary>
/// Tracks (issue 9): EXPLAIN (ANALYZE, BUFFERS) of the exact search and DJ-list queries the app runs
/// (<see cref="TrackStore.SearchSql"/>) on a scratch database of N generated tracks: a selective term
/// (one track), a common term (a word in a tenth of all titles) and a typed prefix. A selective term must
/// not scan the tracks table sequentially.
/// </summary>
public static class TrackSearchPlans
{
    private const string Database = "nrsgirls_bench_tracks";

    public static async Task RunAsync(int rows)
    {
        await BenchDatabase.UseAsync(Database, async cs =>
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            await SeedAsync(conn, rows);
            Console.WriteLine($"track search plans on {rows:N0} tracks of 1,000 DJs");
            var dj = await conn.ExecuteScalarAsync<Guid>("select id from dj_profiles limit 1");
            await ExplainAsync(conn, "selective term (1 hit)", TrackStore.SearchSql, Search("zqx777", ""));
            await ExplainAsync(conn, "common term (10% of tracks)", TrackStore.SearchSql, Search("sunset", ""));
            await ExplainAsync(conn, "typed prefix 'sun'", TrackStore.SearchSql, Search("", "sun:*"));
            await ExplainAsync(conn, "common term + genre", TrackStore.SearchSql, Search("sunset", "") with { genre = "techno" });
            await ExplainAsync(conn, "a DJ's tracks, first page", """
                select t.id from tracks t where t.dj_id = @dj and t.deleted_at is null and t.scanned
                order by t.upload_date desc, t.id desc limit 21
                """, new { dj });
        });
    }

    private sealed record SearchArgs(string words, string prefix, string? genre, float? afterRank, Guid afterId, int take);

    private static SearchArgs Search(string words, string prefix) => new(words, prefix, null, null, Guid.Empty, 21);

    private static async Task SeedAsync(NpgsqlConnection conn, int rows)
    {
        await conn.ExecuteAsync("""
            insert into users (id, email, password_hash, role, verified)
            select gen_random_uuid(), 'bench-dj-' || i || '@nrsgirls.test', 'x', 'dj', true from generate_series(1, 1000) i;
            insert into dj_profiles (user_id, stage_name) select id, 'DJ ' || email from users;
            """);
        await conn.ExecuteAsync("""
            with djs as (select id, row_number() over () as n from dj_profiles)
            insert into tracks (dj_id, title, artist, album, genre, duration, file_url, file_size, file_format, scanned, upload_date)
            select d.id,
                   (array['Night', 'Deep', 'Velvet', 'Echo', 'Pulse', 'Golden', 'Midnight', 'Ocean', 'City', 'Neon'])[1 + i % 10]
                   || ' ' || (case when i % 10 = 0 then 'Sunset' else 'Groove' end) || ' ' || i
                   || case when i = 777 then ' zqx777' else '' end,
                   'Artist ' || (i % 5000), 'Album ' || (i % 20000),
                   (array['house', 'techno', 'ambient', 'disco'])[1 + i % 4], 200, 'x', 1000, 'mp3', i % 50 <> 0,
                   now() - make_interval(secs => i)
            from generate_series(1, @rows) i join djs d on d.n = 1 + i % 1000
            """, new { rows }, commandTimeout: 600);
        await conn.ExecuteAsync("analyze users; analyze dj_profiles; analyze tracks"); // (a one-word command would be taken for a procedure name)
    }

    private static async Task ExplainAsync(NpgsqlConnection conn, string name, string sql, object args)
    {
        var plan = (await conn.QueryAsync<string>("explain (analyze, buffers, format text) " + sql, args)).ToList();
        var seqScan = plan.Any(l => l.Contains("Seq Scan on tracks", StringComparison.Ordinal));
        var time = plan.LastOrDefault(l => l.Contains("Execution Time", StringComparison.Ordinal))?.Trim() ?? "";
        Console.WriteLine($"\n== {name}: sequential scan of tracks: {(seqScan ? "YES" : "no")}; {time}");
        foreach (var line in plan) Console.WriteLine("   " + line);
    }
}
