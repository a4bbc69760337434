using NrsGirls.Shared.Storage;
using Azure.Storage.Queues;

namespace NrsGirls.Shared.Notifications;

/// <summary>
/// Puts outbox events on the notifications queue: right after a producer commits
/// (<see cref="EnqueueAsync"/>, best effort), and from the sweep timer for every event still unprocessed
/// a few minutes after it was recorded or last enqueued (<see cref="SweepAsync"/>). The sweep claims its
/// rows with FOR UPDATE SKIP LOCKED, so two instances never enqueue the same row in one pass; a duplicate
/// message from a race with the producer is harmless (the handler dedupes per recipient).
/// </summary>
public sealed class NotificationDispatcher(NpgsqlDataSource db, QueueServiceClient queues, QueueNames names, TimeProvider clock,
    ILogger<NotificationDispatcher> log)
{
    /// <summary>How long an event may wait, unprocessed, before the sweep enqueues it (again).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);
    public const int SweepBatch = 500;

    /// <summary>
    /// How many times the sweep re-enqueues one event. Each message gets maxDequeueCount deliveries, so an
    /// event still unprocessed after this many sweeps fails every time: it is left for an operator
    /// (<see cref="AbandonedAsync"/>, shown by deep health) rather than sent again forever.
    /// </summary>
    public const int MaxSweeps = 5;

    private readonly ProducerQueue _queue = new(queues, names.Notifications);

    /// <summary>Enqueues one event after its producer committed. Never throws: the sweep is the safety net.</summary>
    public async Task EnqueueAsync(Guid eventId, CancellationToken ct)
    {
        try
        {
            await SendAsync(eventId, ct);
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("update notification_outbox set enqueued_at = @now where id = @eventId",
                new { eventId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Notification event {EventId} not enqueued now; the outbox sweep will enqueue it", eventId);
        }
    }

    /// <summary>As <see cref="EnqueueAsync"/>, for a producer that knows the event's dedupe key rather than its id.</summary>
    public async Task EnqueueByKeyAsync(string dedupeKey, CancellationToken ct)
    {
        Guid? id;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            id = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "select id from notification_outbox where dedupe_key = @dedupeKey and processed_at is null",
                new { dedupeKey }, cancellationToken: ct));
        }
        catch (NpgsqlException ex)
        {
            log.LogWarning(ex, "Notification event {DedupeKey} not looked up; the outbox sweep will enqueue it", dedupeKey);
            return;
        }
        if (id is { } eventId) await EnqueueAsync(eventId, ct);
    }

    /// <summary>Enqueues every event still waiting past <see cref="Grace"/>; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var ids = (await conn.QueryAsync<Guid>(new CommandDefinition("""
                update notification_outbox set enqueued_at = @now, sweep_attempts = sweep_attempts + 1
                where id in (
                    select id from notification_outbox
                    where processed_at is null and coalesce(enqueued_at, created_at) < @cutoff and sweep_attempts < @maxSweeps
                    order by created_at
                    limit @batch
                    for update skip locked)
                returning id
                """, new { now = clock.GetUtcNow().UtcDateTime, cutoff = (clock.GetUtcNow() - Grace).UtcDateTime, batch = SweepBatch, maxSweeps = MaxSweeps },
                tx, cancellationToken: ct))).AsList();
            // Send before committing: a crash in between leaves enqueued_at unchanged, so the next sweep tries again.
            foreach (var id in ids) await SendAsync(id, ct);
            await tx.CommitAsync(ct);
            total += ids.Count;
            if (ids.Count < SweepBatch) break;
        }
        if (total > 0) log.LogWarning("Notification outbox sweep enqueued {Count} events whose messages were missing or late", total);
        return total;
    }

    /// <summary>Unprocessed events the sweep has given up on (<see cref="MaxSweeps"/>): how many, and the oldest's id and type.</summary>
    public async Task<AbandonedEvents> AbandonedAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<AbandonedEvents>(new CommandDefinition("""
            select count(*) as count, (array_agg(id order by created_at))[1] as oldest_id, (array_agg(event_type order by created_at))[1] as oldest_type
            from notification_outbox
            where processed_at is null and sweep_attempts >= @maxSweeps
            """, new { maxSweeps = MaxSweeps }, cancellationToken: ct));
    }

    private Task SendAsync(Guid eventId, CancellationToken ct) =>
        _queue.SendAsync(JsonSerializer.Serialize(new NotificationMessage(eventId), NotificationOutbox.PayloadJson), ct);
}

/// <summary>What <see cref="NotificationDispatcher.AbandonedAsync"/> found.</summary>
public sealed record AbandonedEvents(long Count, Guid? OldestId, string? OldestType);

/// <summary>Deep health: notification events the outbox sweep gave up on (each failed every delivery of <see cref="NotificationDispatcher.MaxSweeps"/> sweeps).</summary>
public sealed class AbandonedNotificationsCheck(NotificationDispatcher dispatcher) : Operations.IDeepHealthCheck
{
    public string Name => "notification outbox";

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct)
    {
        var a = await dispatcher.AbandonedAsync(ct);
        return a.Count == 0 ? [] :
            [$"{a.Count} event(s) failed {NotificationDispatcher.MaxSweeps} sweeps and are no longer retried (oldest {a.OldestId}, {a.OldestType}); see notifications-poison and the log"];
    }
}
