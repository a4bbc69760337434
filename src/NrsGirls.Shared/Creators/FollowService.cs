using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Shared.Creators;

/// <summary>Follows: follow / unfollow (idempotent, counters exact), notification toggle, and the two lists.</summary>
public sealed class FollowService(CreatorsStore store, CreatorAccess access, RateLimiter limiter, NotificationDispatcher notifications,
    AnalyticsWriter analytics, TimeProvider clock, ILogger<FollowService> log)
{
    /// <summary>Follows a visible creator (not one's own); a second call returns the existing follow.</summary>
    public Task<Outcome<FollowResult>> FollowAsync(Guid creatorId, Caller caller, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<FollowResult>(log, "follow", async () =>
        {
            var creator = await access.FindVisibleAsync(creatorId, caller, client, ct);
            if (!creator.IsOk) return creator.Error;
            if (creator.Value.IsOwnedBy(caller)) return CreatorErrors.CannotFollowSelf;
            if (await limiter.HitAsync(CreatorLimits.FollowPerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            // The block is checked again under the profile's row lock: a block that lands between the two checks still wins.
            var c = creator.Value;
            var (row, eventId) = await store.FollowAsync(caller.UserId, creatorId, c.Type, client.Country, caller.IsAdmin,
                followId => new NotificationEvent(NotificationTypes.Follow, $"follow:{followId:N}", NotificationAudience.To(c.OwnerUserId),
                    "You have a new follower", $"Someone started following {c.StageName}.", null,
                    new Dictionary<string, string> { ["creatorId"] = c.Id.ToString("D"), ["followerId"] = caller.UserId.ToString("D") }), ct);
            if (row is null) return CreatorAccess.CreatorNotFound;
            if (eventId is { } id)
            {
                await notifications.EnqueueAsync(id, ct);
                analytics.Record(new AnalyticsEvent(AnalyticsEventTypes.Follow, caller.UserId, c.Id, row.Id, null, clock.GetUtcNow()));
            }
            return new FollowResult(row.ToFollow(), row.Created);
        });

    /// <summary>Ends the caller's follow if there is one. Always succeeds, whoever the creator is: it reveals nothing.</summary>
    public async Task<Outcome<Done>> UnfollowAsync(Guid creatorId, Caller caller, CancellationToken ct)
    {
        await store.UnfollowAsync(caller.UserId, creatorId, ct);
        return Done.Value;
    }

    public async Task<Outcome<Follow>> SetNotificationsAsync(Guid creatorId, Caller caller, bool? enabled, CancellationToken ct)
    {
        if (enabled is null) return ServiceError.Invalid("notificationsEnabled", "is required (true or false).");
        var row = await store.SetNotificationsAsync(caller.UserId, creatorId, enabled.Value, ct);
        return row is null ? CreatorErrors.NotFollowing : row.ToFollow();
    }

    /// <summary>A visible creator's followers, newest first; a performer may keep the list to themself (privacySettings.showFollowers).</summary>
    public async Task<Outcome<Page<Follower>>> FollowersAsync(Guid creatorId, Caller? caller, ClientInfo client, string? limit, string? cursor, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfterTime(out var afterAt, out var afterId)) return PagingErrors.InvalidCursor;
        var creator = await access.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (creator.Value.Type == CreatorTypes.Performer && !creator.Value.IsOwnedBy(caller) && caller?.IsAdmin != true
            && await store.GetAsync(creatorId, CreatorTypes.Performer, ct) is { } row && !PrivacySettings.FromJson(row.PrivacySettings).ShowFollowers)
            return CreatorErrors.FollowersHidden;
        var rows = await store.FollowersAsync(creatorId, creator.Value.Type, afterAt, afterId, page.Value.Limit, ct);
        return page.Value.ToPage(rows, r => new Follower(r.FollowerId, CreatorsStore.Utc(r.CreatedAt)),
            r => [PageRequest.Ticks(r.CreatedAt), r.Id.ToString("D")]);
    }

    /// <summary>GET me/following: the creators the caller follows and may still see, newest first.</summary>
    public async Task<Outcome<Page<FollowedCreator>>> FollowingAsync(Caller caller, ClientInfo client, string? limit, string? cursor, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfterTime(out var afterAt, out var afterId)) return PagingErrors.InvalidCursor;
        var rows = await store.FollowingAsync(caller.UserId, client.Country, afterAt, afterId, page.Value.Limit, ct);
        return page.Value.ToPage(rows,
            r => new FollowedCreator(r.FollowingId, r.FollowingType, r.StageName, r.AvatarUrl, r.NotificationsEnabled, CreatorsStore.Utc(r.CreatedAt)),
            r => [PageRequest.Ticks(r.CreatedAt), r.Id.ToString("D")]);
    }
}
