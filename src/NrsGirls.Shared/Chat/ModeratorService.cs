using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Chat;

/// <summary>PUT/DELETE creators/{id}/moderators/{userId}: the creator (or an admin) appoints and removes chat moderators.</summary>
public sealed class ModeratorService(ChatStore store, CreatorAccess creators, ActivityLog activity, TimeProvider clock)
{
    /// <summary>Idempotent: appointing a moderator twice changes nothing (and records nothing the second time).</summary>
    public async Task<Outcome<Done>> AppointAsync(Guid creatorId, Guid userId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var creator = await OwnedAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (userId == creator.Value.OwnerUserId) return ServiceError.Invalid("userId", "the creator moderates their own chat already.");
        if (!await store.UserExistsAsync(userId, ct)) return ChatErrors.UserNotFound;
        if (await store.AddModeratorAsync(creator.Value, userId, caller.UserId, ct))
            await RecordAsync(caller, client, "moderator_add", creatorId, userId, ct);
        return Done.Value;
    }

    public async Task<Outcome<Done>> RemoveAsync(Guid creatorId, Guid userId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var creator = await OwnedAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (!await store.RemoveModeratorAsync(creatorId, userId, ct)) return ChatErrors.ModeratorNotFound;
        await RecordAsync(caller, client, "moderator_remove", creatorId, userId, ct);
        return Done.Value;
    }

    private async Task<Outcome<CreatorRef>> OwnedAsync(Guid creatorId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        return creator.Value.IsOwnedBy(caller) || caller.IsAdmin ? creator.Value : ChatErrors.NotCreatorOwner;
    }

    private Task RecordAsync(Caller caller, ClientInfo client, string action, Guid creatorId, Guid userId, CancellationToken ct) =>
        activity.RecordAsync(new ActivityEntry(caller.UserId, action, "creator", creatorId, client.IpAddress, client.UserAgent,
            new Dictionary<string, string> { ["targetUserId"] = userId.ToString() }, clock.GetUtcNow()), ct);
}
