namespace NrsGirls.Shared.Notifications;

/// <summary>
/// Deletes read notifications older than <see cref="NotificationOptions.ReadRetentionDays"/> and unread
/// ones older than <see cref="NotificationOptions.UnreadRetentionDays"/> in batches of <see cref="Batch"/>
/// rows per statement and transaction, so no long lock is held and a crash loses nothing but progress; then
/// processed outbox events (30 days) and e-mail windows past their use, one statement each. Safe to run
/// twice or on two instances.
/// </summary>
public sealed class NotificationRetention(NpgsqlDataSource db, NotificationOptions options, TimeProvider clock,
    ILogger<NotificationRetention> log)
{
    public const int Batch = 5000;

    public async Task<long> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var readCutoff = (now - TimeSpan.FromDays(options.ReadRetentionDays)).UtcDateTime;
        var unreadCutoff = (now - TimeSpan.FromDays(options.UnreadRetentionDays)).UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        long deleted = 0;
        while (true)
        {
            var n = await conn.ExecuteAsync(new CommandDefinition("""
                delete from notifications where id in (
                    select id from notifications
                    where created_at < @readCutoff and (read or created_at < @unreadCutoff)
                    limit @batch
                    for update skip locked)
                """, new { readCutoff, unreadCutoff, batch = Batch }, cancellationToken: ct));
            deleted += n;
            if (n < Batch) break;
        }
        // One statement each: neither table has an index on these columns, so batches would scan it once per
        // batch; both hold only days of rows (30 days of processed events, one day of mail windows).
        var outbox = await conn.ExecuteAsync(new CommandDefinition("delete from notification_outbox where processed_at < @cutoff",
            new { cutoff = (now - TimeSpan.FromDays(30)).UtcDateTime }, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from notification_email_windows where window_start < @cutoff",
            new { cutoff = (now - TimeSpan.FromDays(1)).UtcDateTime }, cancellationToken: ct));
        log.LogInformation("Notification retention: {Deleted} notifications and {Outbox} processed events deleted", deleted, outbox);
        return deleted;
    }

}
