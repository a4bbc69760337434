using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NrsGirls.Cli;
using NrsGirls.Shared;
using NrsGirls.Shared.Payments;
using NrsGirls.Shared.Security;

namespace NrsGirls.Benchmarks;

/// <summary>
/// Money (issue 11), in one run:
/// 1. the tip handler's ledger write (claim + complete + earnings + outbox: <see cref="LedgerStore.CompleteSql"/>,
///    one round trip per tip) from C# with C clients, against pgbench running the same statement with the
///    same C clients (the anchor); the ratio is ours / pgbench's tips per second;
/// 2. end-to-end tips per second: TipService (validate, idempotency + pending row, enqueue on Azurite)
///    then two consumers receiving from the queue and running the handler's logic until all are completed.
/// </summary>
public static class TipBenchmark
{
    public static async Task RunAsync(int tips, int clients)
    {
        const string db = "nrsgirls_bench_tips";
        await BenchDatabase.UseAsync(db, async cs =>
        {
            var (payer, creators) = await SeedPeopleAsync(cs);
            await OursAsync(cs, payer, creators, Math.Max(clients * 50, tips / 10), clients, "bench_warmup"); // JIT and pool warm-up, not timed
            // Three rounds, the order alternating (the ledger table grows as they go), so neither side always
            // meets the bigger table; the verdict is the median round's ratio.
            Console.WriteLine($"tip ledger write, {clients} clients, {tips} tips each side, 3 rounds:");
            var ratios = new List<double>();
            for (var round = 1; round <= 3; round++)
            {
                double ours, anchor;
                if (round % 2 == 1)
                {
                    ours = await OursAsync(cs, payer, creators, tips, clients, $"bench_ours{round}");
                    anchor = await PgbenchAsync(cs, payer, creators, tips, clients, $"bench_pg{round}");
                }
                else
                {
                    anchor = await PgbenchAsync(cs, payer, creators, tips, clients, $"bench_pg{round}");
                    ours = await OursAsync(cs, payer, creators, tips, clients, $"bench_ours{round}");
                }
                ratios.Add(ours / anchor);
                Console.WriteLine($"  round {round}: pgbench (same statement) {anchor,6:0} tips/s, handler (C#, Npgsql) {ours,6:0} tips/s, ratio {ours / anchor:0.00}");
            }
            Console.WriteLine($"  ratio ours/pgbench, median of 3 : {ratios.Order().ElementAt(1):0.00} (goal >= 0.85)");
            var e2e = await EndToEndAsync(cs, db, creators, Math.Min(tips, 2_000));
            Console.WriteLine($"end-to-end through Azurite and the handler (2 consumers): {e2e:0} tips/s");
            await using var check = new NpgsqlConnection(cs);
            await check.OpenAsync();
            var violations = await LedgerAudit.CheckAsync(check, default);
            Console.WriteLine($"ledger audit after the benchmark: {violations.Count} violations");
        });
    }

    private static async Task<(Guid Payer, Guid[] Creators)> SeedPeopleAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        var payer = Guid.NewGuid();
        var creators = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        await conn.ExecuteAsync("insert into users (id, email, password_hash, role) values (@payer, 'payer@bench.test', 'x', 'viewer')", new { payer });
        foreach (var c in creators)
        {
            await conn.ExecuteAsync("insert into users (id, email, password_hash, role) values (@c, @c::text || '@bench.test', 'x', 'dj')", new { c });
            await conn.ExecuteAsync("insert into dj_profiles (id, user_id, stage_name) values (@c, @c, 'Bench')", new { c });
        }
        return (payer, creators);
    }

    /// <summary>N pending tips spread over the creators, numbered 1..N in bench_queue (pgbench picks its row by a sequence).</summary>
    private static async Task<List<(Guid Id, DateTime CreatedAt)>> PendingAsync(string cs, Guid payer, Guid[] creators, int n, string table)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.ExecuteAsync($"""
            drop table if exists {table};
            create table {table} (n int primary key, id uuid not null, created_at timestamptz not null);
            with ins as (
                insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount,
                                          status, payment_method, payment_provider, created_at)
                select gen_random_uuid(), @payer, (@creators::uuid[])[1 + g % 20], 'dj', 'tip', 10.00, 'USD', 2.00, 8.00,
                       'pending', 'pm_card_visa', 'simulated', date_trunc('milliseconds', now()) - make_interval(secs => g)
                from generate_series(1, @n) g
                returning id, created_at)
            insert into {table} (n, id, created_at) select row_number() over (order by created_at desc), id, created_at from ins;
            drop sequence if exists {table}_seq;
            create sequence {table}_seq;
            analyze transactions; analyze {table};
            """, new { payer, creators, n });
        return (await conn.QueryAsync<(Guid, DateTime)>($"select id, created_at from {table} order by n")).ToList();
    }

    private static async Task<double> OursAsync(string cs, Guid payer, Guid[] creators, int n, int clients, string table)
    {
        var rows = new ConcurrentQueue<(Guid Id, DateTime CreatedAt)>(await PendingAsync(cs, payer, creators, n, table));
        await using var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = clients, MinPoolSize = clients }.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (rows.TryDequeue(out var r))
                if (!await LedgerStore.CompleteAsync(data, r.Id, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), "pi_bench_" + r.Id.ToString("N"), null, now, default))
                    throw new InvalidOperationException($"tip {r.Id} was not pending");
        })));
        var elapsed = sw.Elapsed;
        if (table != "bench_warmup")
            Console.WriteLine($"  (handler client CPU: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n:0} us per tip)");
        return n / elapsed.TotalSeconds;
    }

    private static async Task<double> PgbenchAsync(string cs, Guid payer, Guid[] creators, int n, int clients, string table)
    {
        await PendingAsync(cs, payer, creators, n, table);
        // The handler's statement, its parameters bound by pgbench from the next row of its table (fetched with \gset: pgbench
        // has no per-client counter, so the anchor pays one small extra round trip per tip that the handler does not).
        var sql = LedgerStore.CompleteSql.Trim()
            .Replace("@paymentId", "('pi_bench_' || :id::text)").Replace("@chargeId", "null").Replace("@createdAt", "(:created_at)::timestamptz")
            .Replace("@id", "(:id)::uuid").Replace("@now", "now()");
        var pick = $"select id, created_at from {table} where n = (select nextval('{table}_seq')) \\gset";
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, pick + "\n" + string.Join(" ", sql.Split('\n', StringSplitOptions.TrimEntries)) + ";\n");
        var b = new NpgsqlConnectionStringBuilder(cs);
        var pgbench = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).FirstOrDefault(File.Exists) ?? "pgbench";
        var psi = new ProcessStartInfo(pgbench, ["-n", "-M", "prepared", "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-t", (n / clients).ToString(CultureInfo.InvariantCulture), "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, b.Database!])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PGPASSWORD"] = b.Password;
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        File.Delete(script);
        var tps = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal));
        if (p.ExitCode != 0 || tps is null) throw new InvalidOperationException($"pgbench failed ({p.ExitCode}): {err}\n{output}");
        var completed = await new NpgsqlConnection(cs).ExecuteScalarAsync<long>(
            $"select count(*) from transactions t join {table} b on b.id = t.id and b.created_at = t.created_at where t.status = 'completed'");
        if (completed != n / clients * clients) throw new InvalidOperationException($"pgbench completed {completed} tips, expected {n / clients * clients}");
        return double.Parse(tps["tps = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<double> EndToEndAsync(string cs, string db, Guid[] creators, int n)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        var overrides = new Dictionary<string, string?>
        {
            [SettingNames.PostgresDb] = db, [SettingNames.PostgresAppUser] = null, [SettingNames.PostgresAppPassword] = null,
            [SettingNames.TipsQueue] = "bench-tips-" + Guid.NewGuid().ToString("N")[..8],
        };
        var configuration = new ConfigurationBuilder().AddConfiguration(CliConfiguration.Build()).AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddNrsGirlsShared(configuration).BuildServiceProvider();
        await using var _ = services;
        var tipsService = services.GetRequiredService<TipService>();
        var processor = services.GetRequiredService<PaymentProcessor>();
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(services.GetRequiredService<QueueNames>().Tips);
        await queue.CreateIfNotExistsAsync();
        var payers = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        await using (var conn = new NpgsqlConnection(cs))
            await conn.ExecuteAsync("insert into users (id, email, password_hash, role) select u, u::text || '@bench.test', 'x', 'viewer' from unnest(@payers) u", new { payers });

        var sw = Stopwatch.StartNew();
        var produced = 0;
        var producers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref produced)) <= n)
            {
                var r = await tipsService.TipAsync(new Caller(payers[i % payers.Length], Roles.Viewer, "bench"), creators[i % creators.Length],
                    $"bench-{i}", new TipRequest(5.00m, "USD", SimulatedPaymentGateway.Visa, null), new ClientInfo("127.0.0.1", "bench"), default);
                if (!r.IsOk) throw new InvalidOperationException(r.Error.Code);
            }
        })).ToList();
        var done = 0;
        var consumers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref done) < n)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
                if (batch.Length == 0) { await Task.Delay(20); continue; }
                foreach (var m in batch)
                {
                    if (PaymentMessage.Parse(m.Body.ToString()) is { } msg && await processor.ProcessAsync(msg, default) == ProcessResult.Completed)
                        Interlocked.Increment(ref done);
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }
            }
        })).ToList();
        await Task.WhenAll(producers.Concat(consumers));
        var rate = n / sw.Elapsed.TotalSeconds;
        await queue.DeleteIfExistsAsync();
        return rate;
    }
}
