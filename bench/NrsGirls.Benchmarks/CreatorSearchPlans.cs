using NrsGirls.Shared.Creators;

namespace NrsGirls.Benchmarks;

/// <summary>
/// "creator search plans": EXPLAIN (ANALYZE, BUFFERS) of the very statement GET creators/search runs
/// (<see cref="CreatorsStore.SearchSql"/>, parameters bound as the app binds them) for a selective term
/// (one scale profile's stage-name token, whole and as a typed prefix) and a common one ("house", in every
/// scale DJ's bio). A selective term must not sequentially scan a profile table; the step says so.
/// </summary>
public static class CreatorSearchPlans
{
    public static async Task RunAsync(NpgsqlConnection conn)
    {
        var profiles = await conn.ExecuteScalarAsync<long>("select (select count(*) from dj_profiles) + (select count(*) from performer_profiles)");
        var token = await conn.ExecuteScalarAsync<string?>(
            "select split_part(stage_name, ' ', 2) from dj_profiles where stage_name ~ '^DJ [0-9a-f]{8}$' order by id limit 1");
        Console.WriteLine($"creator search plans ({profiles:N0} profiles; selective token '{token ?? "(none: run `nrsgirls db seed --scale N`)"}')");
        if (token is null) return;

        var cases = new (string Name, string Q, bool Selective)[]
        {
            ("selective term", token, true),
            ("selective prefix (typing)", "dj " + token[..6], true),
            ("common term", "house", false),
            ("common term, second page", "house", false),
        };
        var ok = true;
        foreach (var (name, q, selective) in cases)
        {
            var query = CreatorSearch.Parse(q, null, null).Value!;
            float? afterRank = null;
            Guid? afterId = null;
            if (name.EndsWith("second page", StringComparison.Ordinal))
            {
                var first = (await conn.QueryAsync<CreatorsStore.HitRow>(CreatorsStore.SearchSql(query),
                    CreatorsStore.SearchArgs(query, null, null, null, null, 20))).Last();
                (afterRank, afterId) = (first.Rank, first.Id);
            }
            var plan = (await conn.QueryAsync<string>("explain (analyze, buffers, format text) " + CreatorsStore.SearchSql(query),
                CreatorsStore.SearchArgs(query, null, null, afterRank, afterId, 21))).ToList();
            var seq = plan.Any(l => l.Contains("Seq Scan on dj_profiles", StringComparison.Ordinal) || l.Contains("Seq Scan on performer_profiles", StringComparison.Ordinal));
            var time = plan.LastOrDefault(l => l.Contains("Execution Time", StringComparison.Ordinal))?.Trim() ?? "";
            Console.WriteLine($"  -- {name}: q='{q}'  {time}  {(seq ? "seq scan of a profile table" + (selective ? " (FAIL)" : " (fine: the term matches most rows)") : "no sequential scan of profiles")}");
            foreach (var line in plan) Console.WriteLine("     " + line);
            if (selective && seq) ok = false;
        }
        Console.WriteLine(ok ? "  selective terms: index scans only (ok)" : "  FAIL: a selective term scanned a profile table sequentially");
    }
}
