using Microsoft.Extensions.Logging.Abstractions;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Benchmarks;

/// <summary>
/// "Went live" to N followers: the notifications handler (batched INSERT … SELECT with preferences, e-mail
/// and push selection) against one plain INSERT … SELECT of the same rows run by psql, in the same run,
/// on the same database (the table is emptied between the two).
/// </summary>
public static class FanOutBenchmark
{
    public static async Task RunAsync(int followers)
    {
        const string db = "nrsgirls_bench_fanout";
        await BenchDatabase.UseAsync(db, async cs =>
        {
            await using var dataSource = NpgsqlDataSource.Create(cs);
            await using var conn = await dataSource.OpenConnectionAsync();
            var creator = await conn.ExecuteScalarAsync<Guid>("""
                with u as (insert into users (email, password_hash, role) values ('creator@bench.test', 'x', 'dj') returning id)
                insert into dj_profiles (user_id, stage_name) select id, 'DJ Bench' from u returning id
                """);
            await conn.ExecuteAsync("""
                with u as (
                    insert into users (email, password_hash, role)
                    select 'f' || g || '@bench.test', 'x', 'viewer' from generate_series(1, @followers) g returning id),
                s as (insert into user_settings (user_id) select id from u)
                insert into follows (follower_id, following_id, following_type) select id, @creator, 'dj' from u
                """, new { followers, creator }, commandTimeout: 600);
            await conn.ExecuteAsync("analyze follows, users, user_settings");

            // The anchor: one statement, no preferences, no dedupe conflict handling.
            var psql = LocalProcess.Which("psql") ?? throw new InvalidOperationException("psql is needed for the anchor (bash scripts/bootstrap.sh installs it).");
            var sw = Stopwatch.StartNew();
            await BenchDatabase.PsqlAsync(psql, cs, $"""
                insert into notifications (user_id, notification_type, title, message, link, data, dedupe_key)
                select f.follower_id, 'stream_live', 'DJ Bench is live', 'Come and listen.', 'https://nrsgirls.dev/s', '{"{}"}', 'anchor'
                from follows f where f.following_id = '{creator}' and f.following_type = 'dj' and f.notifications_enabled
                """);
            var anchor = sw.Elapsed;
            var anchorRows = await conn.ExecuteScalarAsync<long>("select count(*) from notifications");
            await conn.ExecuteAsync("truncate notifications");

            var processor = new NotificationProcessor(dataSource,
                new NotificationDelivery(dataSource, new NrsGirls.Shared.Accounts.LoggingEmailSender(NullLogger<NrsGirls.Shared.Accounts.LoggingEmailSender>.Instance),
                    new LoggingPushSender(NullLogger<LoggingPushSender>.Instance), TimeProvider.System, NullLogger<NotificationDelivery>.Instance),
                NullLogger<NotificationProcessor>.Instance);
            Guid eventId;
            await using (var tx = await conn.BeginTransactionAsync())
            {
                eventId = (await NotificationOutbox.AddAsync(conn, tx, new NotificationEvent(NotificationTypes.StreamLive, "live:bench",
                    NotificationAudience.FollowersOf(creator, "dj"), "DJ Bench is live", "Come and listen.", "https://nrsgirls.dev/s"), default))!.Value;
                await tx.CommitAsync();
            }
            sw.Restart();
            var result = await processor.ProcessAsync(eventId, default);
            var ours = sw.Elapsed;

            Console.WriteLine($"fan-out benchmark: one \"went live\" event to {followers:N0} followers");
            Console.WriteLine($"  psql, one plain INSERT … SELECT:           {anchor.TotalSeconds,7:0.00} s  ({anchorRows / anchor.TotalSeconds,10:N0} rows/s)");
            Console.WriteLine($"  notifications handler, {result.Statements} statements:    {ours.TotalSeconds,7:0.00} s  ({result.Inserted / ours.TotalSeconds,10:N0} rows/s; {result.Pushed:N0} pushes handed to the seam)");
            Console.WriteLine($"  ratio handler / plain (rows per second): {anchor.TotalSeconds / ours.TotalSeconds:0.00}  (goal >= 0.80)");
        });
    }
}
