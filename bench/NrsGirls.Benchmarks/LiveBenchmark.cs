using Microsoft.Extensions.Logging.Abstractions;
using NrsGirls.Cli.Database;
using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Security;
using NrsGirls.Shared.Streams;
using StackExchange.Redis;
using ClientInfo = NrsGirls.Shared.Security.ClientInfo;

namespace NrsGirls.Benchmarks;

/// <summary>
/// Live: (1) heartbeats per second through the Shared viewer script (<see cref="LiveViewers"/>) against
/// redis-benchmark sending the very same EVALSHA (same keys, same arguments, viewer ids from the same
/// keyspace) with the same number of clients, on the same throwaway redis-server, in the same run;
/// (2) GET streams?status=live pages with 100 live streams on the --scale data: ms per page and round
/// trips per page (SQL commands counted by Npgsql's ActivitySource, Redis commands by the multiplexer's
/// profiler, Redis batches by construction: one per page). Own PostgreSQL and Redis on free ports.
/// </summary>
public static class LiveBenchmark
{
    public const int Clients = 50;
    private const int Keyspace = 100_000;

    public static async Task RunAsync(int scale, int heartbeats)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"nrsgirls-bench-live-{Environment.ProcessId}");
        var redisPort = LocalProcess.FreePort();
        var redisProcess = await LocalServices.StartRedisAsync(Path.Combine(scratch, "redis"), redisPort, daemonize: false)
            ?? throw new InvalidOperationException("redis-server did not start in the foreground.");
        var pgDir = Path.Combine(scratch, "pg");
        try
        {
            await using var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort}");
            var viewers = new LiveViewers(mux, TimeProvider.System);
            await HeartbeatsAsync(mux, viewers, redisPort, heartbeats);
            if (scale == 0) return; // heartbeats only

            var pg = await LocalServices.StartPostgresAsync(pgDir, LocalProcess.FreePort(), "nrsgirls_bench_owner", "bench_owner_password", fast: true);
            await LocalServices.EnsureDatabaseAsync(pg, "nrsgirls_bench_live");
            var cs = pg.ConnectionString("nrsgirls_bench_live");
            await new MigrationRunner(cs, Migration.Embedded()).UpAsync();
            await using var db = NpgsqlDataSource.Create(cs);
            await LiveListAsync(db, mux, viewers, scale, heartbeats);
        }
        finally
        {
            redisProcess.Kill(entireProcessTree: true);
            await redisProcess.WaitForExitAsync();
            try { await LocalServices.StopPostgresAsync(pgDir, immediate: true); } catch (LocalServiceException) { }
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task HeartbeatsAsync(ConnectionMultiplexer mux, LiveViewers viewers, int port, int total)
    {
        var server = mux.GetServer(mux.GetEndPoints()[0]);
        var sha = Convert.ToHexStringLower(await server.ScriptLoadAsync(LiveViewers.HeartbeatScript));
        if (sha != Convert.ToHexStringLower(LiveViewers.HeartbeatSha)) throw new InvalidOperationException("SHA mismatch");
        Console.WriteLine($"live heartbeats ({total} calls per run, {Clients} concurrent callers, viewer ids from {Keyspace}; " +
                          $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores):");
        var ratios = new List<double>();
        // Alternating rounds on fresh streams: a busy shared machine slows whichever side runs at a bad moment.
        for (var round = 1; round <= 3; round++)
        {
            var ours = Guid.NewGuid();
            var theirs = Guid.NewGuid();
            await viewers.MarkLiveAsync(ours);
            await viewers.MarkLiveAsync(theirs);
            await viewers.HeartbeatAsync(ours, "warm-up");
            var anchor = await RedisBenchmarkAsync(port, sha, theirs, total);
            var oursPerSecond = await OursAsync(viewers, ours, total);
            ratios.Add(oursPerSecond / anchor);
            Console.WriteLine($"  round {round}: redis-benchmark EVALSHA {anchor,9:N0}/s   Shared LiveViewers {oursPerSecond,9:N0}/s   ratio {oursPerSecond / anchor:0.00}x" +
                              $"   (counted: anchor {await mux.GetDatabase().SortedSetLengthAsync(LiveViewers.HeartbeatKeys(theirs)[1])}, ours {await mux.GetDatabase().SortedSetLengthAsync(LiveViewers.HeartbeatKeys(ours)[1])})");
        }
        Console.WriteLine($"  median ratio ours/anchor: {ratios.Order().ElementAt(1):0.00}x (goal >= 1.0)");
    }

    /// <summary>50 concurrent callers through the Shared service on one multiplexed connection, as the app runs.</summary>
    private static async Task<double> OursAsync(LiveViewers viewers, Guid stream, int total)
    {
        var next = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var rng = new Random(c);
            while (Interlocked.Increment(ref next) <= total)
                await viewers.HeartbeatAsync(stream, "a:" + rng.Next(Keyspace).ToString("D12", CultureInfo.InvariantCulture));
        }));
        return total / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The anchor: redis-benchmark with 50 clients sending the same EVALSHA (same keys shape, same arguments).</summary>
    private static async Task<double> RedisBenchmarkAsync(int port, string sha, Guid stream, int total)
    {
        var keys = LiveViewers.HeartbeatKeys(stream).Select(k => k.ToString()).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-c", Clients.ToString(CultureInfo.InvariantCulture),
            "-n", total.ToString(CultureInfo.InvariantCulture), "-r", Keyspace.ToString(CultureInfo.InvariantCulture), "--csv",
            "EVALSHA", sha, "5", .. keys, "a:__rand_int__", now, "45000", "5000",
            ((long)LiveViewers.KeyLifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        ];
        var output = await LocalProcess.RunAsync(LocalProcess.Which("redis-benchmark") ?? throw new InvalidOperationException("redis-benchmark not found (Debian package redis-tools)"), args);
        return ParseRedisBenchmarkCsv(output);
    }

    /// <summary>redis-benchmark --csv: a header line, then "test","rps",…</summary>
    private static double ParseRedisBenchmarkCsv(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => l.StartsWith("\"EVALSHA", StringComparison.OrdinalIgnoreCase) || l.StartsWith("\"evalsha", StringComparison.OrdinalIgnoreCase));
        return double.Parse(line.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture);
    }

    private static async Task LiveListAsync(NpgsqlDataSource db, ConnectionMultiplexer mux, LiveViewers viewers, int scale, int heartbeats)
    {
        var sw = Stopwatch.StartNew();
        var report = await new ScaleSeeder(db, _ => "bench-not-a-login", 0.20m).SeedAsync(scale);
        await using (var conn = await db.OpenConnectionAsync())
        {
            // Exactly 100 live streams, at most one per creator (the 008 index), on the seeded data.
            await conn.ExecuteAsync("update streams set status = 'ended', end_time = start_time + interval '1 hour' where status = 'live'");
            await conn.ExecuteAsync("""
                update streams set status = 'live', end_time = null, start_time = now() - (random() * interval '6 hours')
                where id in (select id from (select distinct on (creator_id) id, creator_id from streams where status = 'ended'
                                             order by creator_id, start_time desc) one order by id limit 100)
                """);
            await conn.ExecuteAsync("analyze streams");
        }
        var live = (await (await db.OpenConnectionAsync()).QueryAsync<Guid>("select id from streams where status = 'live'")).ToList();
        var rng = new Random(3);
        foreach (var id in live)
        {
            await viewers.MarkLiveAsync(id);
            var n = rng.Next(0, 60);
            await Task.WhenAll(Enumerable.Range(0, n).Select(i => viewers.HeartbeatAsync(id, $"a:{id:N}:{i}")));
        }
        Console.WriteLine($"live list: --scale {scale} seeded ({report?.Streams ?? 0} streams) in {sw.Elapsed.TotalSeconds:0.0} s; {live.Count} live streams with 0-59 viewers each");

        var queries = new StreamQueries(new StreamsStore(db), new CreatorAccess(db), viewers);
        var client = new ClientInfo("127.0.0.1", "bench") { Country = "FR" };
        var caller = new Caller(Guid.NewGuid(), Roles.Viewer, "bench");
        foreach (var limit in new[] { 20, 100 })
        {
            for (var i = 0; i < 20; i++) await queries.ListAsync("live", null, null, limit.ToString(CultureInfo.InvariantCulture), null, caller, client, default);
            var (sql, redisCommands) = await CountRoundTripsAsync(mux, async () => await queries.ListAsync("live", null, null, limit.ToString(CultureInfo.InvariantCulture), null, caller, client, default));
            const int runs = 200;
            sw.Restart();
            var shown = 0;
            for (var i = 0; i < runs; i++)
            {
                var page = await queries.ListAsync("live", null, null, limit.ToString(CultureInfo.InvariantCulture), null, caller, client, default);
                shown = page.Value!.Items.Count;
            }
            Console.WriteLine($"  limit {limit,3}: {sw.Elapsed.TotalMilliseconds / runs,7:0.00} ms per page ({shown} streams); round trips per page: " +
                              $"{sql} SQL + 1 Redis batch ({redisCommands} ZCOUNT)");
        }
        await using var explain = await db.OpenConnectionAsync();
        var plan = (await explain.QueryAsync<string>("""
            explain select s.id from streams s
            left join performer_profiles p on s.creator_type = 'performer' and p.id = s.creator_id
            where s.status = 'live' order by s.start_time desc, s.id desc limit 21
            """)).ToList();
        Console.WriteLine("  plan of the list's core: " + string.Join(" | ", plan.Select(l => l.Trim()).Where(l => l.Contains("Index", StringComparison.Ordinal) || l.Contains("Scan", StringComparison.Ordinal))));
    }

    /// <summary>SQL commands (Npgsql ActivitySource) and Redis commands (profiler) of one call.</summary>
    private static async Task<(int Sql, int Redis)> CountRoundTripsAsync(ConnectionMultiplexer mux, Func<Task> call)
    {
        var sql = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref sql),
        };
        ActivitySource.AddActivityListener(listener);
        var session = new StackExchange.Redis.Profiling.ProfilingSession();
        mux.RegisterProfiler(() => session);
        await call();
        mux.RegisterProfiler(() => null);
        return (sql, session.FinishProfiling().Count());
    }
}
