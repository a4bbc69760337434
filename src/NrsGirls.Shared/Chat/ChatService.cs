using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Shared.Chat;

/// <summary>
/// POST and GET streams/{id}/chat on the seed's chat_messages collection. Without MONGODB_URI every
/// chat route answers 503 chat_unavailable; streams themselves keep working.
/// </summary>
public sealed class ChatService(StreamsStore streams, ChatStore store, ChatGate gate, MongoStore mongo, TimeProvider clock)
{
    public async Task<Outcome<ChatMessageView>> PostAsync(Guid streamId, Caller caller, PostChatRequest request, ClientInfo client, CancellationToken ct)
    {
        if (!mongo.IsConfigured) return ChatErrors.Unavailable;
        var foundStream = await streams.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundStream.IsOk) return foundStream.Error;
        var stream = foundStream.Value;
        var text = ChatRules.ValidateMessage(request.Message);
        if (!text.IsOk) return text.Error;
        if (stream.Status != StreamStatus.Live) return StreamErrors.NotLive(stream.Status);
        if (!stream.ChatEnabled) return ChatErrors.Disabled;

        var now = clock.GetUtcNow();
        // The caller's standing (PostgreSQL), any ban and the stream's modes (Redis) do not depend on each
        // other: asked at once, one round trip of waiting instead of three.
        var standingTask = store.StandingAsync(stream.Creator(), caller.UserId, now, ct);
        var banTask = gate.ActiveBanAsync(stream.CreatorId, caller.UserId);
        var modeTask = gate.ModeAsync(streamId);
        await Task.WhenAll(standingTask, banTask, modeTask);
        var standing = await standingTask;
        var role = ChatRules.RoleOf(caller, stream.OwnerUserId, standing.IsModerator, standing.IsSubscriber);
        if (!ChatRules.MayModerate(role) && await banTask is { } ban) return ChatErrors.Banned(ban);
        var mode = await modeTask;
        if (ChatRules.ModeRefuses(mode, role, standing.IsFollower, standing.IsSubscriber) is { } refused) return refused;
        if (await gate.TrySendAsync(streamId, caller.UserId, text.Value, ChatRules.MayModerate(role) ? 0 : mode.SlowModeSeconds) is { } limited)
            return limited;

        var metadata = new ChatMetadata(ChatRules.ExtractEmotes(text.Value),
            await store.ResolveMentionsAsync(ChatRules.ExtractMentionNames(text.Value), ct), ChatRules.ExtractLinks(text.Value));
        var doc = ChatDocuments.NewMessage(ObjectId.GenerateNewId(), streamId, caller.UserId, standing.Username(caller.UserId), role,
            text.Value, ChatDocuments.ToMillis(now), metadata);
        await Messages.InsertOneAsync(doc, cancellationToken: ct);
        return ChatDocuments.ToView(doc);
    }

    /// <summary>
    /// Newest first, keyset on (timestamp, _id) through the seed index. The page's last timestamp is read
    /// whole (one equality query on the same index), so messages sharing a millisecond are ordered by _id
    /// exactly and none is skipped or repeated across pages.
    /// </summary>
    public async Task<Outcome<Page<ChatMessageView>>> ListAsync(Guid streamId, string? before, string? limit, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        // Bad input is a 400 whether or not MongoDB is there.
        var request = PageRequest.Parse(limit, before, 2);
        if (!request.IsOk) return request.Error;
        if (!ChatDocuments.TryReadCursor(request.Value, out var after)) return PagingErrors.InvalidCursor;
        if (!mongo.IsConfigured) return ChatErrors.Unavailable;
        var size = request.Value.Limit;
        var foundStream = await streams.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundStream.IsOk) return foundStream.Error;
        var stream = foundStream.Value;

        var hint = new FindOptions { Hint = ChatDocuments.ListIndexName };
        var fetched = await Messages.Find(ChatDocuments.ListFilter(streamId, after), hint).Sort(ChatDocuments.ListSort).Limit(size + 1).ToListAsync(ct);
        if (fetched.Count <= size) return new Page<ChatMessageView>(ChatDocuments.InKeysetOrder(fetched).Select(ChatDocuments.ToView).ToList(), null);

        var boundary = new DateTimeOffset(fetched[size - 1]["timestamp"].ToUniversalTime());
        var ties = await Messages.Find(ChatDocuments.TieFilter(streamId, boundary, after), hint).ToListAsync(ct);
        var page = ChatDocuments.InKeysetOrder(fetched.Where(d => d["timestamp"].ToUniversalTime() > boundary.UtcDateTime).Concat(ties))
            .Take(size).ToList();
        var last = page[^1];
        return new Page<ChatMessageView>(page.Select(ChatDocuments.ToView).ToList(), PageRequest.Encode(ChatDocuments.CursorKey(last)));
    }

    private IMongoCollection<BsonDocument> Messages => mongo.Database!.GetCollection<BsonDocument>(MongoStore.ChatMessages);
}
