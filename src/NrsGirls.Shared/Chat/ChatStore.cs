using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Chat;

/// <summary>Who a chatter is to a creator (one round trip): moderator, follower, active subscriber, and the name chat shows.</summary>
public sealed class ChatterStanding
{
    public bool IsModerator { get; init; }
    public bool IsFollower { get; init; }
    public bool IsSubscriber { get; init; }
    public string? StageName { get; init; }

    /// <summary>The stage name, or "viewer-" and the start of the user id (accounts have no public name).</summary>
    public string Username(Guid userId) => StageName ?? "viewer-" + userId.ToString("N")[..8];
}

/// <summary>The chat feature's SQL (PostgreSQL): moderators, and what chat reads of follows, subscriptions and profiles.</summary>
public sealed class ChatStore(NpgsqlDataSource db)
{
    public async Task<ChatterStanding> StandingAsync(CreatorRef creator, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<ChatterStanding>(new CommandDefinition("""
            select exists (select 1 from stream_moderators where creator_id = @creatorId and user_id = @userId) as is_moderator,
                   exists (select 1 from follows where follower_id = @userId and following_id = @creatorId and following_type = @creatorType) as is_follower,
                   exists (select 1 from subscriptions where subscriber_id = @userId and creator_id = @creatorId and creator_type = @creatorType
                           and status = 'active' and current_period_end > @now) as is_subscriber,
                   (select stage_name from (select stage_name from dj_profiles where user_id = @userId
                                            union all select stage_name from performer_profiles where user_id = @userId) n limit 1) as stage_name
            """, new { creatorId = creator.Id, creatorType = creator.Type, userId, now = now.UtcDateTime }, cancellationToken: ct));
    }

    public async Task<bool> IsModeratorAsync(Guid creatorId, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from stream_moderators where creator_id = @creatorId and user_id = @userId)",
            new { creatorId, userId }, cancellationToken: ct));
    }

    /// <summary>The user ids of the stage names mentioned (case-insensitive), at most one per name.</summary>
    public async Task<IReadOnlyList<Guid>> ResolveMentionsAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        if (names.Count == 0) return [];
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = await conn.QueryAsync<Guid>(new CommandDefinition("""
            select distinct on (lower(n.stage_name)) n.user_id
            from (select user_id, stage_name from dj_profiles union all select user_id, stage_name from performer_profiles) n
            join users u on u.id = n.user_id and u.deleted_at is null
            where lower(n.stage_name) = any(@names)
            order by lower(n.stage_name), n.user_id
            """, new { names = names.ToArray() }, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users where id = @userId and deleted_at is null)", new { userId }, cancellationToken: ct));
    }

    /// <summary>Appoints a moderator; false when they already were one.</summary>
    public async Task<bool> AddModeratorAsync(CreatorRef creator, Guid userId, Guid appointedBy, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            insert into stream_moderators (creator_id, creator_type, user_id, appointed_by) values (@creatorId, @creatorType, @userId, @appointedBy)
            on conflict (creator_id, user_id) do nothing
            """, new { creatorId = creator.Id, creatorType = creator.Type, userId, appointedBy }, cancellationToken: ct)) == 1;
    }

    /// <summary>Removes a moderator; false when they were not one.</summary>
    public async Task<bool> RemoveModeratorAsync(Guid creatorId, Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "delete from stream_moderators where creator_id = @creatorId and user_id = @userId", new { creatorId, userId }, cancellationToken: ct)) == 1;
    }
}
