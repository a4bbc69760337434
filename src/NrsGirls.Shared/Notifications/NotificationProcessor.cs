namespace NrsGirls.Shared.Notifications;

/// <summary>
/// The notifications queue handler's work: turns one outbox event into notification rows, one per
/// recipient, then hands the new rows to <see cref="NotificationDelivery"/> for e-mail and push.
/// Exactly once per recipient and event, however often the message is delivered and on however many
/// instances at once: every row carries the event's dedupe key under a unique (user_id, dedupe_key)
/// index and is inserted with ON CONFLICT DO NOTHING. E-mail and push go to the rows this call inserted; a
/// retry of a run that died before marking the event processed (process_attempts > 1) delivers again to every
/// recipient whose row exists, so delivery is at least once, never silently skipped.
/// A "went live" fan-out cuts the creator's followers into follower_id ranges of <see cref="BatchSize"/>
/// (one statement reads the boundaries), then runs one set-based INSERT … SELECT per range,
/// <see cref="ParallelBatches"/> at a time on their own pooled connections (100,000 followers: 11 statements).
/// </summary>
public sealed class NotificationProcessor(NpgsqlDataSource db, NotificationDelivery delivery, ILogger<NotificationProcessor> log)
{
    public const int BatchSize = 10_000;

    /// <summary>Ranges inserted at once: the server works on two while the handler reads a third's targets.</summary>
    public const int ParallelBatches = 2;

    private sealed record OutboxRow(Guid Id, string EventType, string DedupeKey, Guid? RecipientUserId, string Payload, DateTime? ProcessedAt,
        int ProcessAttempts);

    public async Task<FanOutResult> ProcessAsync(Guid eventId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One run per event at a time (a duplicate message on a second instance): a session lock held for the run,
        // released in finally or with the session if the process dies. Busy: the other run finishes the event, and
        // if it dies the sweep enqueues it again.
        var key = new { key = "nrsgirls.notification." + eventId.ToString("N") };
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select pg_try_advisory_lock(hashtextextended(@key, 0))", key, cancellationToken: ct)))
            return new FanOutResult(0, 0, 0, 0, true);
        try
        {
            return await ProcessLockedAsync(conn, eventId, ct);
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(hashtextextended(@key, 0))", key, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<FanOutResult> ProcessLockedAsync(NpgsqlConnection conn, Guid eventId, CancellationToken ct)
    {
        // Counting the attempt first: a later run of the same event knows an earlier one may have died mid-delivery.
        var row = await conn.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition("""
            update notification_outbox set process_attempts = process_attempts + case when processed_at is null then 1 else 0 end
            where id = @eventId
            returning id, event_type, dedupe_key, recipient_user_id, payload::text as payload, processed_at, process_attempts
            """, new { eventId }, cancellationToken: ct));
        if (row is null)
        {
            // The outbox row is written in the producer's transaction, so a message without one refers to an
            // event already removed by retention: nothing to do, and nothing to retry.
            log.LogWarning("Notification event {EventId} not found in the outbox; message dropped", eventId);
            return new FanOutResult(0, 0, 0, 0, true);
        }
        if (row.ProcessedAt is not null) return new FanOutResult(0, 0, 0, 0, true);

        // A fact event (one recipient, facts in the payload) is rendered here; a rendered event carries everything.
        var e = row.RecipientUserId is { } recipient
            ? NotificationRenderer.Render(row.EventType, row.DedupeKey, recipient, row.Payload)
            : NotificationOutbox.Parse(row.Payload);
        var defaults = NotificationPreferences.DefaultFor(e.Type);
        var args = new DynamicParameters(new
        {
            type = e.Type, title = e.Title, message = e.Message, link = e.Link, dedupeKey = e.DedupeKey,
            data = JsonSerializer.Serialize(e.Data ?? new Dictionary<string, string>()),
            defaultInApp = defaults.InApp, defaultEmail = defaults.Email, defaultPush = defaults.Push,
            batchSize = BatchSize, redeliver = row.ProcessAttempts > 1,
        });

        var statements = 0;
        var inserted = 0;
        var targets = new List<DeliveryTarget>();
        if (e.Audience.Users is { } users)
        {
            args.Add("users", users.Distinct().ToArray());
            var result = await InsertBatchAsync(conn, ListedUsers, args, ct);
            statements++;
            inserted += result.Inserted;
            targets.AddRange(result.Targets);
        }
        else if (e.Audience.FollowersOfCreator is { } creatorId)
        {
            args.Add("creatorId", creatorId);
            args.Add("creatorType", e.Audience.CreatorType);
            var bounds = (await conn.QueryAsync<Guid>(new CommandDefinition(RangeBounds, args, cancellationToken: ct))).ToList();
            statements++;
            // (after, upto] ranges covering every follower: the last one is open-ended.
            var ranges = bounds.Prepend(Guid.Empty).Select((after, i) => (After: after, Upto: i < bounds.Count ? bounds[i] : (Guid?)null)).ToList();
            var results = new BatchResult[ranges.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = ct },
                async (i, token) =>
                {
                    var range = new DynamicParameters(args);
                    range.Add("after", ranges[i].After);
                    range.Add("upto", ranges[i].Upto);
                    await using var batchConn = await db.OpenConnectionAsync(token);
                    results[i] = await InsertBatchAsync(batchConn, FollowerRange, range, token);
                });
            statements += results.Length;
            foreach (var result in results)
            {
                inserted += result.Inserted;
                targets.AddRange(result.Targets);
            }
        }

        var (emailed, pushed) = await delivery.DeliverAsync(e, targets, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update notification_outbox set processed_at = now() where id = @eventId and processed_at is null",
            new { eventId }, cancellationToken: ct));
        log.LogInformation("Notification event {EventId} ({Type}): {Inserted} rows in {Statements} statements, {Emailed} e-mails, {Pushed} pushes",
            eventId, e.Type, inserted, statements, emailed, pushed);
        return new FanOutResult(statements, inserted, emailed, pushed, false);
    }

    private sealed class BatchRow
    {
        public long Inserted { get; init; }
        public Guid? UserId { get; init; }
        public string? Email { get; init; }
        public bool WantsEmail { get; init; }
        public bool WantsPush { get; init; }
    }

    private sealed record BatchResult(int Inserted, IReadOnlyList<DeliveryTarget> Targets);

    private static async Task<BatchResult> InsertBatchAsync(NpgsqlConnection conn, string batchSql, DynamicParameters args, CancellationToken ct)
    {
        // A batch is 10,000 rows with their preferences: allow it more than the default 30 s on a loaded server.
        var rows = (await conn.QueryAsync<BatchRow>(new CommandDefinition(InsertSql(batchSql), args, commandTimeout: 300, cancellationToken: ct))).AsList();
        var targets = rows.Where(r => r.UserId is not null)
            .Select(r => new DeliveryTarget(r.UserId!.Value, r.WantsEmail ? r.Email : null, r.WantsPush)).ToList();
        return new BatchResult((int)rows[0].Inserted, targets);
    }

    /// <summary>The recipients of a listed-users event (one statement).</summary>
    private const string ListedUsers = "select distinct unnest(@users::uuid[]) as user_id";

    /// <summary>
    /// Every <see cref="BatchSize"/>-th follower id (who keeps notifications on) short of the last follower, in
    /// follower_id order: the upper bounds of all ranges but the last. One index-only scan of idx_follows_fanout.
    /// </summary>
    private const string RangeBounds = """
        select user_id from (
            select f.follower_id as user_id, row_number() over (order by f.follower_id) as n, count(*) over () as total
            from follows f
            where f.following_id = @creatorId and f.following_type = @creatorType and f.notifications_enabled) x
        where n % @batchSize = 0 and n < total
        order by user_id
        """;

    /// <summary>A creator's followers who keep notifications on with follower_id in (after, upto]; upto null: no upper end.</summary>
    private const string FollowerRange = """
        select f.follower_id as user_id from follows f
        where f.following_id = @creatorId and f.following_type = @creatorType and f.notifications_enabled
          and f.follower_id > @after and (@upto::uuid is null or f.follower_id <= @upto)
        """;

    /// <summary>
    /// One statement: take the batch, resolve each recipient's preferences, insert the rows (muted types
    /// arrive read), and return how many rows it inserted with the new rows that want e-mail or push.
    /// Always returns at least one row (the count), even when it inserted nothing.
    /// </summary>
    private static string InsertSql(string batchSql) => $"""
        with batch as ({batchSql}),
        recipients as (
            select b.user_id, u.email, u.verified,
                   coalesce(s.email_notifications, true) as email_on, coalesce(s.push_notifications, true) as push_on,
                   {NotificationPreferences.ChannelSql("inApp")} as in_app,
                   {NotificationPreferences.ChannelSql("email")} as want_email,
                   {NotificationPreferences.ChannelSql("push")} as want_push
            from batch b
            join users u on u.id = b.user_id and u.deleted_at is null
            left join user_settings s on s.user_id = b.user_id
        ),
        ins as (
            insert into notifications (user_id, notification_type, title, message, link, data, dedupe_key, read, read_at)
            select r.user_id, @type, @title, @message, @link, @data::jsonb, @dedupeKey, not r.in_app,
                   case when r.in_app then null else now() end
            from recipients r
            on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
            returning user_id
        )
        select (select count(*) from ins) as inserted,
               x.user_id, x.email, coalesce(x.wants_email, false) as wants_email, coalesce(x.wants_push, false) as wants_push
        from (select 1) one
        left join (
            select r.user_id, r.email, (r.want_email and r.email_on and r.verified) as wants_email, (r.want_push and r.push_on) as wants_push
            from recipients r
            where ((r.want_email and r.email_on and r.verified) or (r.want_push and r.push_on))
              and (r.user_id in (select user_id from ins)
                   -- a retry: rows an earlier, unfinished run inserted are delivered again (at least once)
                   or (@redeliver and exists (select from notifications n where n.user_id = r.user_id and n.dedupe_key = @dedupeKey)))
        ) x on true
        """;
}
