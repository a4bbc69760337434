namespace NrsGirls.Shared.Creators;

public sealed partial class CreatorsStore
{
    public sealed class FollowRow
    {
        public Guid Id { get; init; }
        public Guid FollowingId { get; init; }
        public string FollowingType { get; init; } = "";
        public bool NotificationsEnabled { get; init; }
        public DateTime CreatedAt { get; init; }
        public bool Created { get; init; }
        public Follow ToFollow() => new(Id, FollowingId, FollowingType, NotificationsEnabled, Utc(CreatedAt));
    }

    private static string ProfileTable(string type) => type == CreatorTypes.Dj ? "dj_profiles" : "performer_profiles";

    /// <summary>
    /// Follows a creator, or returns the existing follow. The profile row is locked first (a block takes the
    /// same lock), the performer's block list and regions are checked again under the lock, and the counter
    /// moves only when a row was really inserted: concurrent follows and unfollows serialize on the profile
    /// row and leave follower_count equal to count(*). Null when the caller is (now) blocked or the profile is gone.
    /// </summary>
    /// <param name="announce">The notification a new follow raises (given the follow's id), recorded in the same transaction.</param>
    public async Task<(FollowRow? Row, Guid? EventId)> FollowAsync(Guid followerId, Guid creatorId, string type, string? country, bool bypassBlocks,
        Func<Guid, Notifications.NotificationEvent> announce, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var visible = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(type == CreatorTypes.Dj
            ? "select true from dj_profiles where id = @creatorId for update"
            : $"""
              select @bypassBlocks or {CreatorAccess.VisibleSql}
              from performer_profiles p where p.id = @creatorId for update
              """, new { creatorId, bypassBlocks, viewerId = followerId, viewerCountry = country }, tx, cancellationToken: ct));
        if (visible is not true) return (null, null);

        var inserted = await conn.QuerySingleOrDefaultAsync<FollowRow>(new CommandDefinition("""
            insert into follows (follower_id, following_id, following_type) values (@followerId, @creatorId, @type)
            on conflict (follower_id, following_id, following_type) do nothing
            returning id, following_id, following_type, notifications_enabled, created_at, true as created
            """, new { followerId, creatorId, type }, tx, cancellationToken: ct));
        Guid? eventId = null;
        if (inserted is not null)
        {
            await conn.ExecuteAsync(new CommandDefinition($"update {ProfileTable(type)} set follower_count = follower_count + 1 where id = @creatorId",
                new { creatorId }, tx, cancellationToken: ct));
            eventId = await Notifications.NotificationOutbox.AddAsync(conn, tx, announce(inserted.Id), ct);
        }
        var row = inserted ?? await conn.QuerySingleAsync<FollowRow>(new CommandDefinition("""
            select id, following_id, following_type, notifications_enabled, created_at, false as created from follows
            where follower_id = @followerId and following_id = @creatorId and following_type = @type
            """, new { followerId, creatorId, type }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (row, eventId);
    }

    /// <summary>Ends a follow if there is one (the counter drops in the same transaction); false when there was none.</summary>
    public async Task<bool> UnfollowAsync(Guid followerId, Guid creatorId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Lock the profile first, in the same order as FollowAsync, so the two cannot deadlock.
        var type = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select 'dj' from dj_profiles where id = @creatorId
            union all select 'performer' from performer_profiles where id = @creatorId
            """, new { creatorId }, tx, cancellationToken: ct));
        if (type is null) return false;
        await conn.ExecuteAsync(new CommandDefinition($"select 1 from {ProfileTable(type)} where id = @creatorId for update",
            new { creatorId }, tx, cancellationToken: ct));
        var deleted = await conn.ExecuteAsync(new CommandDefinition("""
            delete from follows where follower_id = @followerId and following_id = @creatorId and following_type = @type
            """, new { followerId, creatorId, type }, tx, cancellationToken: ct));
        if (deleted > 0)
            await conn.ExecuteAsync(new CommandDefinition($"update {ProfileTable(type)} set follower_count = follower_count - @deleted where id = @creatorId",
                new { creatorId, deleted }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }

    public async Task<FollowRow?> SetNotificationsAsync(Guid followerId, Guid creatorId, bool enabled, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<FollowRow>(new CommandDefinition("""
            update follows set notifications_enabled = @enabled where follower_id = @followerId and following_id = @creatorId
            returning id, following_id, following_type, notifications_enabled, created_at, false as created
            """, new { followerId, creatorId, enabled }, cancellationToken: ct));
    }

    public sealed class FollowerRow
    {
        public Guid Id { get; init; }
        public Guid FollowerId { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>A creator's followers, newest first (idx_follows_following), after the cursor's (created_at, id).</summary>
    public async Task<IReadOnlyList<FollowerRow>> FollowersAsync(Guid creatorId, string type, DateTime? afterAt, Guid? afterId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<FollowerRow>(new CommandDefinition("""
            select f.id, f.follower_id, f.created_at
            from follows f join users u on u.id = f.follower_id and u.deleted_at is null
            where f.following_id = @creatorId and f.following_type = @type
              and (@afterAt::timestamptz is null or (f.created_at, f.id) < (@afterAt, @afterId))
            order by f.created_at desc, f.id desc
            limit @take
            """, new { creatorId, type, afterAt, afterId, take = limit + 1 }, cancellationToken: ct))).AsList();
    }

    public sealed class FollowingRow
    {
        public Guid Id { get; init; }
        public Guid FollowingId { get; init; }
        public string FollowingType { get; init; } = "";
        public string StageName { get; init; } = "";
        public string? AvatarUrl { get; init; }
        public bool NotificationsEnabled { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>
    /// The creators a user follows, newest first (idx_follows_follower_recent), leaving out deleted accounts
    /// and performers that now block the viewer or the viewer's region (<see cref="CreatorAccess.VisibleSql"/>).
    /// </summary>
    public async Task<IReadOnlyList<FollowingRow>> FollowingAsync(Guid followerId, string? country, DateTime? afterAt, Guid? afterId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<FollowingRow>(new CommandDefinition($"""
            select f.id, f.following_id, f.following_type, coalesce(d.stage_name, p.stage_name) as stage_name,
                   coalesce(d.avatar_url, p.avatar_url) as avatar_url, f.notifications_enabled, f.created_at
            from follows f
            left join dj_profiles d on f.following_type = 'dj' and d.id = f.following_id
            left join performer_profiles p on f.following_type = 'performer' and p.id = f.following_id
            join users u on u.id = coalesce(d.user_id, p.user_id) and u.deleted_at is null
            where f.follower_id = @viewerId
              and (@afterAt::timestamptz is null or (f.created_at, f.id) < (@afterAt, @afterId))
              and {CreatorAccess.VisibleSql}
            order by f.created_at desc, f.id desc
            limit @take
            """, new { viewerId = followerId, viewerCountry = country, afterAt, afterId, take = limit + 1 }, cancellationToken: ct))).AsList();
    }
}
