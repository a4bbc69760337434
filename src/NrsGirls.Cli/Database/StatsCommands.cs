using System.Text.Json;
using NrsGirls.Shared.Operations;

namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db stats [--json]` and `nrsgirls db health`: the same numbers as GET admin/db/stats and admin/health/deep.</summary>
public static class StatsCommands
{
    public static IEnumerable<Command> Build(CliEnvironment environment) => [Stats(environment), Health(environment)];

    private static Command Stats(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print the full report as JSON (what GET admin/db/stats answers)." };
        var cmd = new Command("stats", "Pool, slowest statements, sizes and growth, index use, cache hit rates, Redis, MongoDB and queues.") { json };
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            var s = await ctx.AppServices.GetRequiredService<StatsService>().ReadAsync(ct);
            if (ctx.Parse.GetValue(json))
            {
                await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(s, BackupSets.Json));
                return 0;
            }
            var pg = s.Postgres;
            await ctx.Out.WriteLineAsync($"PostgreSQL {pg.Database}: {BackupCommands.Size(pg.DatabaseBytes)}{Growth(pg.DatabaseGrowth)}, buffer cache hit rate {Pct(pg.CacheHitRate)}");
            await ctx.Out.WriteLineAsync($"  pool: {pg.Pool.Busy} busy, {pg.Pool.Idle} idle, max {pg.Pool.Max}; server: {pg.Pool.ServerConnections} connections, {pg.Pool.ServerActive} active");
            await ctx.Out.WriteLineAsync("  largest tables:");
            foreach (var t in pg.LargestTables) await ctx.Out.WriteLineAsync($"    {t.Name,-32} {BackupCommands.Size(t.Bytes),10}{Growth(t.Growth)}  ~{t.RowEstimate:N0} rows");
            await ctx.Out.WriteLineAsync("  largest indexes:");
            foreach (var t in pg.LargestIndexes.Take(5)) await ctx.Out.WriteLineAsync($"    {t.Name,-48} {BackupCommands.Size(t.Bytes),10}{Growth(t.Growth)}");
            await ctx.Out.WriteLineAsync($"  unused indexes (no scans, not unique): {(pg.UnusedIndexes.Count == 0 ? "none" : string.Join(", ", pg.UnusedIndexes.Take(10).Select(i => i.Index)))}");
            await ctx.Out.WriteLineAsync($"  most used indexes: {string.Join(", ", pg.MostUsedIndexes.Take(5).Select(i => $"{i.Index} ({i.Scans:N0})"))}");
            await ctx.Out.WriteLineAsync(pg.StatementsNote is { } note ? $"  slowest statements: {note}" : "  slowest statements (mean ms, calls):");
            foreach (var q in pg.SlowestStatements.Take(5)) await ctx.Out.WriteLineAsync($"    {q.MeanMs,9:0.00} ms {q.Calls,8:N0}x  {Shorten(q.Query, 90)}");
            await ctx.Out.WriteLineAsync(s.Redis.Error is { } e ? $"Redis: {e}" :
                $"Redis: keyspace hit rate {Pct(s.Redis.KeyspaceHitRate)}, {BackupCommands.Size(s.Redis.UsedMemoryBytes ?? 0)} used, {s.Redis.ConnectedClients} clients, {s.Redis.Keys:N0} keys");
            await ctx.Out.WriteLineAsync(s.MongoNote is { } m ? $"MongoDB: {m}" : "MongoDB: " + string.Join(", ", s.Mongo.Select(c => $"{c.Name} {c.Documents:N0} docs {BackupCommands.Size(c.Bytes)}")));
            await ctx.Out.WriteLineAsync("Queues: " + string.Join(", ", s.Queues.Select(q => $"{q.Queue} {q.Messages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}")));
            var poisoned = s.Queues.Where(q => q.Poison && q.Messages > 0).ToList();
            await ctx.Out.WriteLineAsync($"stats: {BackupCommands.Size(pg.DatabaseBytes)} database, {poisoned.Count} poison queue(s) with messages");
            return 0;
        });
        return cmd;
    }

    private static Command Health(CliEnvironment environment)
    {
        var cmd = new Command("health", "Deep health: stores, poison queues, failed backups or drills (exit 1 when red).");
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            var r = await ctx.AppServices.GetRequiredService<DeepHealthService>().CheckAsync(ct);
            foreach (var reason in r.Reasons) await ctx.Out.WriteLineAsync("RED: " + reason);
            await ctx.Out.WriteLineAsync($"health {r.Status}: {r.Checks.Count} checks, {r.Reasons.Count} reason(s)");
            return r.Green ? 0 : 1;
        });
        return cmd;
    }

    private static string Growth(long? bytes) => bytes is { } b ? $" ({(b >= 0 ? "+" : "-")}{BackupCommands.Size(Math.Abs(b))} since last snapshot)" : "";
    private static string Pct(double? v) => v is { } x ? $"{x * 100:0.0}%" : "n/a";
    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
