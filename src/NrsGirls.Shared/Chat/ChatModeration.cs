using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Shared.Chat;

/// <summary>
/// What the creator, the creator's moderators and admins do to keep a chat clean: soft-delete a message,
/// time out or ban a user from the creator's chats (Redis, with TTL), lift it, and set a stream's modes.
/// Every action is also written to activity_logs (who, what, whom, why).
/// </summary>
public sealed class ChatModeration(StreamsStore streams, ChatStore store, CreatorAccess creators, ChatGate gate, MongoStore mongo,
    ActivityLog activity, TimeProvider clock)
{
    /// <summary>
    /// DELETE streams/{id}/chat/{messageId}. The right to moderate is checked before MongoDB's availability,
    /// so a stranger learns nothing either way; deleting twice is fine.
    /// </summary>
    public async Task<Outcome<Done>> DeleteMessageAsync(Guid streamId, string messageId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var foundStream = await streams.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundStream.IsOk) return foundStream.Error;
        var stream = foundStream.Value;
        if (!ObjectId.TryParse(messageId, out var id)) return ServiceError.Invalid("messageId", "must be a chat message id (24 hexadecimal digits).");
        if (await RoleAsync(stream.Creator(), caller, ct) is var role && !ChatRules.MayModerate(role)) return ChatErrors.NotModerator;
        if (!mongo.IsConfigured) return ChatErrors.Unavailable;

        var messages = mongo.Database!.GetCollection<BsonDocument>(MongoStore.ChatMessages);
        var now = clock.GetUtcNow();
        var updated = await messages.UpdateOneAsync(ChatDocuments.DeletableFilter(streamId, id), ChatDocuments.SoftDelete(caller.UserId, now), cancellationToken: ct);
        if (updated.MatchedCount == 0)
            return await messages.CountDocumentsAsync(ChatDocuments.MessageFilter(streamId, id), cancellationToken: ct) > 0 ? Done.Value : ChatErrors.MessageNotFound;
        await RecordAsync(caller, client, "chat_message_delete", "stream", streamId, new() { ["messageId"] = messageId, ["creatorId"] = stream.CreatorId.ToString() }, ct);
        return Done.Value;
    }

    /// <summary>POST creators/{id}/chat-bans: a timeout (1 min–24 h) or a ban from all of the creator's chats.</summary>
    public async Task<Outcome<ChatBanView>> BanAsync(Guid creatorId, Caller caller, ChatBanRequest request, ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        var role = await RoleAsync(creator.Value, caller, ct);
        if (!ChatRules.MayModerate(role)) return ChatErrors.NotModerator;
        var valid = ChatRules.ValidateBan(request);
        if (!valid.IsOk) return valid.Error;
        var (userId, kind, duration, reason) = valid.Value;
        if (!await store.UserExistsAsync(userId, ct)) return ChatErrors.UserNotFound;
        var targetIsModerator = await store.IsModeratorAsync(creatorId, userId, ct);
        if (ChatRules.MayActOn(caller, role, userId, creator.Value.OwnerUserId, targetIsModerator) is { } refused) return refused;

        var ban = await gate.BanAsync(creatorId, userId, kind, duration, caller.UserId);
        var type = kind == ChatBanKind.Timeout ? "timeout" : "ban";
        await RecordAsync(caller, client, "chat_" + type, "creator", creatorId, new()
        {
            ["targetUserId"] = userId.ToString(), ["reason"] = reason ?? "", ["expiresAt"] = ban.ExpiresAt?.ToString("O") ?? "never",
        }, ct);
        return new ChatBanView(creatorId, userId, type, ban.ExpiresAt);
    }

    /// <summary>DELETE creators/{id}/chat-bans/{userId}: lifts a ban or timeout.</summary>
    public async Task<Outcome<Done>> UnbanAsync(Guid creatorId, Guid userId, Caller caller, ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (!ChatRules.MayModerate(await RoleAsync(creator.Value, caller, ct))) return ChatErrors.NotModerator;
        if (!await gate.UnbanAsync(creatorId, userId)) return ChatErrors.BanNotFound;
        await RecordAsync(caller, client, "chat_unban", "creator", creatorId, new() { ["targetUserId"] = userId.ToString() }, ct);
        return Done.Value;
    }

    /// <summary>PUT streams/{id}/chat-mode: slow mode, followers-only, subscribers-only for a live stream.</summary>
    public async Task<Outcome<ChatMode>> SetModeAsync(Guid streamId, Caller caller, ChatModeRequest request, ClientInfo client, CancellationToken ct)
    {
        var foundStream = await streams.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundStream.IsOk) return foundStream.Error;
        var stream = foundStream.Value;
        if (!ChatRules.MayModerate(await RoleAsync(stream.Creator(), caller, ct))) return ChatErrors.NotModerator;
        var mode = ChatRules.ValidateMode(request);
        if (!mode.IsOk) return mode.Error;
        if (stream.Status != StreamStatus.Live) return StreamErrors.NotLive(stream.Status);
        await gate.SetModeAsync(streamId, mode.Value);
        await RecordAsync(caller, client, "chat_mode_change", "stream", streamId, new()
        {
            ["slowModeSeconds"] = mode.Value.SlowModeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["followersOnly"] = mode.Value.FollowersOnly ? "true" : "false", ["subscribersOnly"] = mode.Value.SubscribersOnly ? "true" : "false",
        }, ct);
        return mode.Value;
    }

    /// <summary>The caller's chat role for a creator (only moderation matters here, so no subscription lookup).</summary>
    private async Task<string> RoleAsync(CreatorRef creator, Caller caller, CancellationToken ct) =>
        ChatRules.RoleOf(caller, creator.OwnerUserId,
            caller.UserId != creator.OwnerUserId && !caller.IsAdmin && await store.IsModeratorAsync(creator.Id, caller.UserId, ct), false);

    private Task RecordAsync(Caller caller, ClientInfo client, string action, string resourceType, Guid resourceId,
        Dictionary<string, string> metadata, CancellationToken ct) =>
        activity.RecordAsync(new ActivityEntry(caller.UserId, action, resourceType, resourceId, client.IpAddress, client.UserAgent, metadata, clock.GetUtcNow()), ct);
}
