namespace NrsGirls.Shared.Notifications;

/// <summary>
/// A user's own notifications: the list (keyset, newest first, optionally unread only), the unread count,
/// and marking read. Every statement is scoped to the caller's user id, so someone else's notification id
/// is simply not found.
/// </summary>
public sealed class NotificationInbox(NpgsqlDataSource db)
{
    /// <summary>The unread count stops counting here ("99+" in a client); counting is then bounded work.</summary>
    public const int UnreadCountCap = 1000;

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string NotificationType { get; init; } = "";
        public string Title { get; init; } = "";
        public string Message { get; init; } = "";
        public string? Link { get; init; }
        public bool Read { get; init; }
        public DateTime? ReadAt { get; init; }
        public string? Data { get; init; }
        public DateTime CreatedAt { get; init; }

        public NotificationView ToView() => new(Id, NotificationType, Title, Message, Link, Read,
            ReadAt is { } r ? new DateTimeOffset(DateTime.SpecifyKind(r, DateTimeKind.Utc)) : null,
            Data is null ? null : System.Text.Json.JsonDocument.Parse(Data).RootElement.Clone(),
            new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
    }

    public async Task<Outcome<Page<NotificationView>>> ListAsync(Caller caller, bool unreadOnly, string? limit, string? cursor, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfterTime(out var afterAt, out var afterId)) return PagingErrors.InvalidCursor;
        await using var conn = await db.OpenConnectionAsync(ct);
        // (user_id, created_at desc, id desc) and its "where not read" twin serve both variants without a sort.
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition($"""
            select id, notification_type, title, message, link, read, read_at, data::text as data, created_at
            from notifications
            where user_id = @UserId {(unreadOnly ? "and not read" : "")}
              and (@afterAt::timestamptz is null or (created_at, id) < (@afterAt, @afterId))
            order by created_at desc, id desc
            limit @take
            """, new { caller.UserId, afterAt, afterId, take = page.Value.Limit + 1 }, cancellationToken: ct))).AsList();
        return page.Value.ToPage(rows, r => r.ToView(), r => [PageRequest.Ticks(r.CreatedAt), r.Id.ToString("D")]);
    }

    public async Task<int> UnreadCountAsync(Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            select count(*) from (select 1 from notifications where user_id = @UserId and not read limit @cap) unread
            """, new { caller.UserId, cap = UnreadCountCap }, cancellationToken: ct));
    }

    public async Task<Outcome<NotificationView>> MarkReadAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            update notifications set read = true, read_at = coalesce(read_at, now())
            where id = @id and user_id = @UserId
            returning id, notification_type, title, message, link, read, read_at, data::text as data, created_at
            """, new { id, caller.UserId }, cancellationToken: ct));
        return row is null ? NotificationErrors.NotFound : row.ToView();
    }

    /// <summary>Marks every unread notification of the caller read; returns how many changed.</summary>
    public async Task<int> MarkAllReadAsync(Caller caller, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update notifications set read = true, read_at = now() where user_id = @UserId and not read
            """, new { caller.UserId }, cancellationToken: ct));
    }
}
