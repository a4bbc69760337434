using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Streams;

/// <summary>Filters of a stream list; <paramref name="After"/> is the keyset position (start time, id) of the last row shown.</summary>
public sealed record StreamListQuery(
    string? Status, string? Category, string? Text, Guid? CreatorId, int Limit, (DateTime StartTime, Guid Id)? After,
    Guid? ViewerId, string? ViewerCountry, bool ViewerIsAdmin = false);

/// <summary>The streams feature's SQL (PostgreSQL): streams rows, their transitions and stream_count.</summary>
public sealed class StreamsStore(NpgsqlDataSource db)
{
    public const string OneLivePerCreatorIndex = "uq_streams_one_live_per_creator";

    /// <summary>streams joined with the creator's profile; accounts that are gone hide their streams.</summary>
    private const string SelectRow = """
        select s.id, s.creator_id, s.creator_type, coalesce(d.stage_name, p.stage_name) as stage_name,
               coalesce(d.user_id, p.user_id) as owner_user_id, p.blocked_regions, p.blocked_users,
               s.title, s.description, s.category, s.tags, s.status, s.start_time, s.end_time, s.scheduled_start,
               s.chat_enabled, s.recording_enabled, s.peak_viewers, s.total_views, s.multistream_config::text as multistream_config
        from streams s
        left join dj_profiles d on s.creator_type = 'dj' and d.id = s.creator_id
        left join performer_profiles p on s.creator_type = 'performer' and p.id = s.creator_id
        join users u on u.id = coalesce(d.user_id, p.user_id) and u.deleted_at is null
        """;

    public async Task<StreamRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StreamRow>(new CommandDefinition($"{SelectRow} where s.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// The stream, when the caller may see it (<see cref="CreatorAccess.MaySee"/>: the creator's blocked users
    /// and regions); otherwise 404 stream_not_found, the same answer as for a stream that does not exist.
    /// </summary>
    public async Task<Outcome<StreamRow>> FindVisibleAsync(Guid id, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var row = await GetAsync(id, ct);
        return row is not null && CreatorAccess.MaySee(row.Access(), caller, client.Country) ? row : StreamErrors.NotFound;
    }

    /// <summary>
    /// Inserts a stream; a live one bumps the profile's stream_count in the same transaction. Null when the
    /// creator already has a live stream (the partial unique index refused it).
    /// </summary>
    public async Task<bool> InsertAsync(Guid id, CreatorRef creator, ValidStream s, string? multistream, DateTimeOffset now, CancellationToken ct)
    {
        var live = s.ScheduledStart is null;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into streams (id, creator_id, creator_type, title, description, category, tags, status, start_time,
                                     scheduled_start, chat_enabled, recording_enabled, multistream_config)
                values (@id, @creatorId, @creatorType, @title, @description, @category, @tags, @status, @start,
                        @scheduled, @chatEnabled, @recordingEnabled, @multistream::jsonb)
                """, new
            {
                id, creatorId = creator.Id, creatorType = creator.Type, title = s.Title, description = s.Description, category = s.Category,
                tags = s.Tags, status = live ? StreamStatus.Live : StreamStatus.Scheduled, start = (s.ScheduledStart ?? now).UtcDateTime,
                scheduled = s.ScheduledStart?.UtcDateTime, chatEnabled = s.ChatEnabled, recordingEnabled = s.RecordingEnabled, multistream,
            }, tx, cancellationToken: ct));
            if (live) await GoLiveAsync(conn, tx, id, creator.Id, creator.Type, ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneLivePerCreatorIndex })
        {
            return false;
        }
    }

    public enum StartResult { Started, NotScheduled, CreatorAlreadyLive }

    /// <summary>scheduled → live (start time now) and stream_count + 1, in one transaction.</summary>
    public async Task<StartResult> StartAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            var creator = await conn.QuerySingleOrDefaultAsync<CreatorKey>(new CommandDefinition("""
                update streams set status = 'live', start_time = @now where id = @id and status = 'scheduled'
                returning creator_id, creator_type
                """, new { id, now = now.UtcDateTime }, tx, cancellationToken: ct));
            if (creator is not { } c) return StartResult.NotScheduled;
            await GoLiveAsync(conn, tx, id, c.CreatorId, c.CreatorType, ct);
            await tx.CommitAsync(ct);
            return StartResult.Started;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneLivePerCreatorIndex })
        {
            return StartResult.CreatorAlreadyLive;
        }
    }

    /// <summary>
    /// live → ended with the final counts, only if still live: of two concurrent calls exactly one gets
    /// true (the row lock makes the second re-check status and find 'ended'). The creator's total_views
    /// grows by the stream's distinct viewers in the same transaction.
    /// </summary>
    public async Task<bool> EndAsync(Guid id, DateTimeOffset now, FinalCounts counts, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var creator = await conn.QuerySingleOrDefaultAsync<CreatorKey>(new CommandDefinition("""
            update streams set status = 'ended', end_time = @now, viewer_count = 0,
                   peak_viewers = greatest(peak_viewers, @peak), total_views = greatest(total_views, @total)
            where id = @id and status = 'live'
            returning creator_id, creator_type
            """, new { id, now = now.UtcDateTime, peak = counts.Peak, total = counts.DistinctViewers }, tx, cancellationToken: ct));
        if (creator is not { } c) return false;
        await conn.ExecuteAsync(new CommandDefinition(c.CreatorType == CreatorTypes.Dj
            ? "update dj_profiles set total_views = total_views + @total where id = @id"
            : "update performer_profiles set total_views = total_views + @total where id = @id",
            new { id = c.CreatorId, total = counts.DistinctViewers }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>scheduled → cancelled; false when the stream was not scheduled.</summary>
    public async Task<bool> CancelAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "update streams set status = 'cancelled' where id = @id and status = 'scheduled'", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// A keyset page (Limit + 1 rows, so the caller knows whether more follow). Live and past streams come
    /// newest first; scheduled ones soonest first. Creators who block the viewer (user or region) are left out
    /// in SQL (<see cref="CreatorAccess.VisibleSql"/>); as in
    /// <see cref="CreatorAccess.MaySee"/>, the owner and admins always see them.
    /// </summary>
    public async Task<IReadOnlyList<StreamRow>> ListAsync(StreamListQuery q, CancellationToken ct)
    {
        var ascending = q.Status == StreamStatus.Scheduled;
        var keyset = q.After is null ? "" : ascending ? "and (s.start_time, s.id) > (@afterTime, @afterId)" : "and (s.start_time, s.id) < (@afterTime, @afterId)";
        var order = ascending ? "s.start_time, s.id" : "s.start_time desc, s.id desc";
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<StreamRow>(new CommandDefinition($"""
            {SelectRow}
            where (@status::text is null or s.status = @status)
              and (@creatorId::uuid is null or s.creator_id = @creatorId)
              and (@category::text is null or s.category = @category)
              and (@text::text is null or s.search_vector @@ websearch_to_tsquery('simple', @text))
              and ({CreatorAccess.VisibleSql} or @viewerIsAdmin or coalesce(d.user_id, p.user_id) = @viewerId::uuid)
              {keyset}
            order by {order}
            limit @limit
            """, new
        {
            status = q.Status, creatorId = q.CreatorId, category = q.Category, text = q.Text, limit = q.Limit + 1,
            afterTime = q.After?.StartTime, afterId = q.After?.Id, viewerId = q.ViewerId, viewerCountry = q.ViewerCountry, viewerIsAdmin = q.ViewerIsAdmin,
        }, cancellationToken: ct));
        return rows.AsList();
    }

    private sealed class CreatorKey
    {
        public Guid CreatorId { get; init; }
        public string CreatorType { get; init; } = "";
    }

    /// <summary>The notification key of a stream going live: one event per stream, however often it is raised.</summary>
    public static string LiveEventKey(Guid streamId) => $"live:{streamId:N}";

    /// <summary>
    /// What going live changes besides the status, in the same transaction: stream_count + 1, and the
    /// "went live" notification to every follower who keeps notifications on (the outbox row; the fan-out
    /// happens in the notifications queue handler).
    /// </summary>
    private static async Task GoLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid creatorId, string type, CancellationToken ct)
    {
        await BumpStreamCountAsync(conn, tx, creatorId, type, ct);
        var facts = await conn.QuerySingleAsync<(string StageName, string Title)>(new CommandDefinition($"""
            select p.stage_name, s.title from streams s join {(type == CreatorTypes.Dj ? "dj_profiles" : "performer_profiles")} p on p.id = s.creator_id
            where s.id = @streamId
            """, new { streamId }, tx, cancellationToken: ct));
        await Notifications.NotificationOutbox.AddAsync(conn, tx, new Notifications.NotificationEvent(
            Notifications.NotificationTypes.StreamLive, LiveEventKey(streamId), Notifications.NotificationAudience.FollowersOf(creatorId, type),
            $"{facts.StageName} is live", facts.Title, $"/streams/{streamId:D}",
            new Dictionary<string, string> { ["streamId"] = streamId.ToString("D"), ["creatorId"] = creatorId.ToString("D") }), ct);
    }

    private static Task BumpStreamCountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid creatorId, string type, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(type == CreatorTypes.Dj
            ? "update dj_profiles set stream_count = stream_count + 1 where id = @creatorId"
            : "update performer_profiles set stream_count = stream_count + 1 where id = @creatorId",
            new { creatorId }, tx, cancellationToken: ct));
}
