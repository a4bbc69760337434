using NrsGirls.Shared.Accounts;

namespace NrsGirls.Shared.Notifications;

/// <summary>A new notification's recipient who wants it by e-mail (<see cref="Email"/> set: verified and switched on) or push.</summary>
public sealed record DeliveryTarget(Guid UserId, string? Email, bool Push);

/// <summary>The outer seam for push delivery (a provider such as Azure Notification Hubs plugs in here).</summary>
public interface IPushSender
{
    Task SendAsync(Guid userId, string title, string message, string? link, CancellationToken ct);
}

/// <summary>The default when no push provider is configured: logs that a push was due, without its text.</summary>
public sealed class LoggingPushSender(ILogger<LoggingPushSender> log) : IPushSender
{
    public Task SendAsync(Guid userId, string title, string message, string? link, CancellationToken ct)
    {
        log.LogDebug("No push provider configured: push to user {UserId} not delivered", userId);
        return Task.CompletedTask;
    }
}

/// <summary>
/// E-mail and push for notifications that were just inserted (or, on a retried run, not yet mailed). E-mail goes only to verified addresses
/// whose owner wants it, and never more than once per user per type per hour: the first notification of
/// a type in an hour is mailed, later ones in that hour are counted (notification_email_windows), and the
/// next mail of that type carries a digest line with that count. Delivery failures are logged and do not
/// undo the notifications (the in-app row is the record).
/// </summary>
public sealed class NotificationDelivery(NpgsqlDataSource db, IEmailSender email, IPushSender push, TimeProvider clock,
    ILogger<NotificationDelivery> log)
{
    /// <summary>Push calls in flight at once for one event.</summary>
    public const int PushesInFlight = 16;

    private sealed class WindowRow
    {
        public Guid UserId { get; init; }
        public bool First { get; init; }
        public int Digest { get; init; }
    }

    public async Task<(int Emailed, int Pushed)> DeliverAsync(NotificationEvent e, IReadOnlyList<DeliveryTarget> targets, CancellationToken ct)
    {
        var emailed = 0;
        var pushed = 0;
        var mailTo = targets.Where(t => t.Email is not null).ToDictionary(t => t.UserId, t => t.Email!);
        if (mailTo.Count > 0)
        {
            var now = clock.GetUtcNow();
            var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            await using var conn = await db.OpenConnectionAsync(ct);
            var windows = await conn.QueryAsync<WindowRow>(new CommandDefinition("""
                insert into notification_email_windows as w (user_id, notification_type, window_start, mailed_dedupe_key)
                select unnest(@users::uuid[]), @type, @window, @key
                on conflict (user_id, notification_type, window_start) do update
                    set suppressed = w.suppressed + case when w.mailed_dedupe_key is not distinct from @key then 0 else 1 end
                -- the window's own event again (a retried delivery): mailed if its mail did not go out, never counted as suppressed
                returning w.user_id, (xmax = 0 or (w.mailed_dedupe_key is not distinct from @key and w.mailed_at is null)) as first,
                    coalesce((select p.suppressed from notification_email_windows p
                              where p.user_id = w.user_id and p.notification_type = w.notification_type
                                and p.window_start = @previous), 0) as digest
                """, new { users = mailTo.Keys.ToArray(), type = e.Type, window = window.UtcDateTime, previous = window.AddHours(-1).UtcDateTime, key = e.DedupeKey },
                cancellationToken: ct));
            var mailed = new List<Guid>();
            foreach (var w in windows.Where(w => w.First))
            {
                var body = e.Message + (e.Link is null ? "" : $"\n\n{e.Link}") +
                           (w.Digest > 0 ? $"\n\nAlso in the last hour: {w.Digest} more {e.Type.Replace('_', ' ')} notification(s)." : "");
                try
                {
                    await email.SendNotificationAsync(mailTo[w.UserId], e.Title, body, ct);
                    emailed++;
                    mailed.Add(w.UserId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "E-mail for notification {DedupeKey} to user {UserId} failed", e.DedupeKey, w.UserId);
                }
            }
            if (mailed.Count > 0)
                await conn.ExecuteAsync(new CommandDefinition("""
                    update notification_email_windows set mailed_at = @now
                    where user_id = any(@mailed) and notification_type = @type and window_start = @window
                    """, new { mailed = mailed.ToArray(), type = e.Type, window = window.UtcDateTime, now = now.UtcDateTime }, cancellationToken: CancellationToken.None));
        }
        // A "went live" event may push to 100,000 followers: a few calls in flight at once, not one after another.
        await Parallel.ForEachAsync(targets.Where(t => t.Push), new ParallelOptions { MaxDegreeOfParallelism = PushesInFlight, CancellationToken = ct },
            async (t, token) =>
            {
                try
                {
                    await push.SendAsync(t.UserId, e.Title, e.Message, e.Link, token);
                    Interlocked.Increment(ref pushed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Push for notification {DedupeKey} to user {UserId} failed", e.DedupeKey, t.UserId);
                }
            });
        return (emailed, pushed);
    }
}
