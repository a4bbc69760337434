namespace NrsGirls.Shared.Notifications;

/// <summary>
/// The producers' side: records a <see cref="NotificationEvent"/> in notification_outbox inside the
/// producer's own transaction, so a committed change always has its notification and a rolled-back one
/// never does. After the commit the producer may call <see cref="NotificationDispatcher.EnqueueAsync"/>
/// to deliver at once; if it never does (a crash), the outbox sweep enqueues the event within minutes.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>The event's id, or null when an event with the same dedupe key was already recorded.</summary>
    public static Task<Guid?> AddAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, NotificationEvent e, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            insert into notification_outbox (event_type, dedupe_key, payload)
            values (@Type, @DedupeKey, @payload::jsonb)
            on conflict (dedupe_key) do nothing
            returning id
            """, new { e.Type, e.DedupeKey, payload = JsonSerializer.Serialize(e, PayloadJson) }, tx, cancellationToken: ct));

    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    internal static NotificationEvent Parse(string payload) =>
        JsonSerializer.Deserialize<NotificationEvent>(payload, PayloadJson)
        ?? throw new InvalidOperationException("A notification_outbox payload is null.");
}
