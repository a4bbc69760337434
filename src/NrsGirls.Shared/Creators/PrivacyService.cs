using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Creators;

/// <summary>A performer's privacy: PUT performers/{id}/privacy and the blocked-users routes (owner only).</summary>
public sealed class PrivacyService(CreatorsStore store, ProfileService profiles, ActivityLog activity, TimeProvider clock)
{
    public async Task<Outcome<CreatorPrivacy>> ReplaceAsync(Guid id, Caller caller, PrivacyFields fields, ClientInfo client, CancellationToken ct)
    {
        var owner = await profiles.RequireOwnerAsync(id, CreatorTypes.Performer, caller, client, ct, adminMayAct: false);
        if (!owner.IsOk) return owner.Error;
        var valid = ProfileValidation.ValidatePrivacy(fields);
        if (!valid.IsOk) return valid.Error;
        var row = await store.ReplacePrivacyAsync(id, valid.Value.Settings, valid.Value.Regions, ct);
        if (row is null) return CreatorAccess.CreatorNotFound;
        await activity.RecordAsync(CreatorActivity.Entry(caller, client, CreatorActivity.PrivacyUpdated, CreatorTypes.Performer, id,
            new Dictionary<string, string>
            {
                ["privacySettings"] = valid.Value.Settings.ToJson(),
                ["blockedRegions"] = string.Join(",", valid.Value.Regions),
            }, clock), ct);
        return ToPrivacy(row);
    }

    /// <summary>Blocks a user (idempotent: blocking again changes nothing); their follow ends in the same transaction.</summary>
    public async Task<Outcome<CreatorPrivacy>> BlockAsync(Guid id, Guid userId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var owner = await profiles.RequireOwnerAsync(id, CreatorTypes.Performer, caller, client, ct, adminMayAct: false);
        if (!owner.IsOk) return owner.Error;
        if (userId == owner.Value.OwnerUserId) return CreatorErrors.CannotBlockSelf;
        if (!await store.UserExistsAsync(userId, ct)) return CreatorErrors.BlockedUserNotFound;
        var outcome = await store.BlockUserAsync(id, userId, ct);
        if (outcome == CreatorsStore.BlockOutcome.ProfileGone) return CreatorAccess.CreatorNotFound;
        if (outcome == CreatorsStore.BlockOutcome.LimitReached) return CreatorErrors.TooManyBlockedUsers;
        if (outcome == CreatorsStore.BlockOutcome.Blocked)
            await activity.RecordAsync(CreatorActivity.Entry(caller, client, CreatorActivity.UserBlocked, CreatorTypes.Performer, id,
                new Dictionary<string, string> { ["blockedUserId"] = userId.ToString("D") }, clock), ct);
        return await CurrentAsync(id, ct);
    }

    /// <summary>Unblocks a user (idempotent).</summary>
    public async Task<Outcome<CreatorPrivacy>> UnblockAsync(Guid id, Guid userId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var owner = await profiles.RequireOwnerAsync(id, CreatorTypes.Performer, caller, client, ct, adminMayAct: false);
        if (!owner.IsOk) return owner.Error;
        if (await store.UnblockUserAsync(id, userId, ct))
            await activity.RecordAsync(CreatorActivity.Entry(caller, client, CreatorActivity.UserUnblocked, CreatorTypes.Performer, id,
                new Dictionary<string, string> { ["unblockedUserId"] = userId.ToString("D") }, clock), ct);
        return await CurrentAsync(id, ct);
    }

    private async Task<Outcome<CreatorPrivacy>> CurrentAsync(Guid id, CancellationToken ct) =>
        await store.GetAsync(id, CreatorTypes.Performer, ct) is { } row ? ToPrivacy(row) : CreatorAccess.CreatorNotFound;

    private static CreatorPrivacy ToPrivacy(CreatorsStore.ProfileRow row) =>
        new(row.Id, PrivacySettings.FromJson(row.PrivacySettings), row.BlockedRegions ?? [], row.BlockedUsers ?? [], CreatorsStore.Utc(row.UpdatedAt));
}
