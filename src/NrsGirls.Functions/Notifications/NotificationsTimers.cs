using NrsGirls.Shared.Notifications;

namespace NrsGirls.Functions.Notifications;

public sealed class NotificationsTimers(NotificationDispatcher dispatcher, NotificationRetention retention, ILogger<NotificationsTimers> log)
{
    /// <summary>Every minute: events whose queue message was lost (a crash after commit) are enqueued again.</summary>
    [Function(nameof(SweepNotificationOutbox))]
    public async Task SweepNotificationOutbox([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var n = await dispatcher.SweepAsync(ct);
        if (n > 0) log.LogInformation("Outbox sweep enqueued {Count} notification events", n);
    }

    /// <summary>Daily at 04:00 UTC: old notifications go, in batches.</summary>
    [Function(nameof(DeleteOldNotifications))]
    public Task DeleteOldNotifications([TimerTrigger("0 0 4 * * *")] TimerInfo timer, CancellationToken ct) => retention.RunAsync(ct);
}
