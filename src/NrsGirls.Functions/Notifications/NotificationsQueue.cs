using NrsGirls.Shared.Notifications;

namespace NrsGirls.Functions.Notifications;

/// <summary>
/// The notifications queue: one outbox event per message. Exceptions propagate so the host retries and,
/// after maxDequeueCount, poisons the message; the outbox row stays unprocessed for the sweep and an operator.
/// </summary>
public sealed class NotificationsQueue(NotificationProcessor processor)
{
    [Function(nameof(DeliverNotification))]
    public Task DeliverNotification([QueueTrigger("%NRSGIRLS_NOTIFICATIONS_QUEUE%")] NotificationMessage message, CancellationToken ct) =>
        processor.ProcessAsync(message.EventId, ct);
}
