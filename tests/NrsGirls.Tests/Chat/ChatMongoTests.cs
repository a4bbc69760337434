using Microsoft.AspNetCore.Http;
using NrsGirls.Shared.Mongo;
using NrsGirls.Tests.Streams;

namespace NrsGirls.Tests.Chat;

/// <summary>The chat against a real mongod (NRSGIRLS_TEST_MONGODB_URI); skipped with the reason otherwise.</summary>
public class ChatMongoTests(LiveFixture app) : IClassFixture<LiveFixture>
{
    private async Task Ready()
    {
        var mongo = app.Services.GetRequiredService<MongoStore>();
        Assert.True(mongo.IsConfigured);
        await MongoSchema.EnsureAsync(mongo.Database!);
    }

    private Task<Answer> Post(Guid stream, TestUser user, string message) =>
        app.Call(app.Chat.PostChatMessage(LiveFixture.Req(new { message }, user.Token), stream, default));

    private Task<Answer> List(Guid stream, string query = "")
    {
        var r = LiveFixture.Req();
        r.QueryString = new QueryString(query);
        return app.Call(app.Chat.ListChatMessages(r, stream, default));
    }

    [MongoFact]
    public async Task Messages_carry_role_and_metadata_and_pages_keep_same_millisecond_messages_in_id_order()
    {
        await Ready();
        var dj = await app.Creator();
        var stream = await app.LiveStream(dj);
        var mod = await app.SignUp();
        await app.Call(app.Moderation.AppointModerator(LiveFixture.Req(token: dj.User.Token), dj.ProfileId, mod.UserId, default));

        var first = await Post(stream, dj.User, $"hello :fire: @{dj.StageName} see https://nrsgirls.dev/live");
        Assert.Equal((201, "owner"), (first.Status, first.Str("userRole")));
        Assert.Equal(dj.StageName, first.Str("username"));
        var meta = first.Body.GetProperty("metadata");
        Assert.Equal("fire", meta.GetProperty("emotes")[0].GetString());
        Assert.Equal(dj.User.UserId, meta.GetProperty("mentions")[0].GetGuid());
        Assert.Equal("https://nrsgirls.dev/live", meta.GetProperty("links")[0].GetString());
        Assert.Equal("moderator", (await Post(stream, mod, "mod here")).Str("userRole"));

        // The clock does not move: every message shares one millisecond, so the keyset must order ties by _id.
        var viewers = new List<TestUser>();
        for (var i = 0; i < 5; i++) viewers.Add(await app.SignUp());
        foreach (var v in viewers) Assert.Equal("viewer", (await Post(stream, v, "msg from " + v.UserId)).Str("userRole"));

        var (seen, _) = await Pages.AllAsync(next => List(stream, "?limit=3" + next), cursorParameter: "before");
        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.OrderByDescending(id => MongoDB.Bson.ObjectId.Parse(id)), seen);
    }

    [MongoFact]
    public async Task A_banned_user_cannot_post_until_the_timeout_ends_and_deleted_messages_lose_their_text()
    {
        await Ready();
        var dj = await app.Creator();
        var stream = await app.LiveStream(dj);
        var user = await app.SignUp();
        var sent = await Post(stream, user, "spam spam");
        Assert.Equal(201, sent.Status);

        await app.Call(app.Moderation.BanFromChat(LiveFixture.Req(new { userId = user.UserId, type = "timeout", durationSeconds = 60 }, dj.User.Token), dj.ProfileId, default));
        var refused = await Post(stream, user, "still here");
        Assert.Equal((403, "chat_timed_out"), (refused.Status, refused.Code));
        var logs = app.Services.GetRequiredService<MongoStore>().Database!.GetCollection<MongoDB.Bson.BsonDocument>(MongoStore.ActivityLogs);
        var logged = await MongoDB.Driver.IAsyncCursorSourceExtensions.ToListAsync(MongoDB.Driver.IMongoCollectionExtensions.Find(logs,
            MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Eq("action", "chat_timeout")
            & MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Eq("metadata.targetUserId", user.UserId.ToString())));
        Assert.Single(logged);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(201, (await Post(stream, user, "sorry")).Status);

        var id = sent.Str("id");
        Assert.Equal(204, (await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: dj.User.Token), stream, id, default))).Status);
        Assert.Equal(204, (await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: dj.User.Token), stream, id, default))).Status);
        var missing = await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: dj.User.Token), stream, MongoDB.Bson.ObjectId.GenerateNewId().ToString(), default));
        Assert.Equal((404, "chat_message_not_found"), (missing.Status, missing.Code));
        var deleted = (await List(stream)).Body.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, deleted.GetProperty("message").ValueKind);
        Assert.Equal(dj.User.UserId, deleted.GetProperty("deletedBy").GetGuid());
    }

    [MongoFact]
    public async Task Posting_needs_a_live_stream_with_chat_on_and_respects_followers_only()
    {
        await Ready();
        var dj = await app.Creator();
        var user = await app.SignUp();
        var scheduled = await app.ScheduledStream(dj);
        var notLive = await Post(scheduled, user, "early");
        Assert.Equal((409, "stream_not_live"), (notLive.Status, notLive.Code));

        var quiet = await app.LiveStream(dj, new { title = "no chat", chatEnabled = false });
        var disabled = await Post(quiet, user, "hi");
        Assert.Equal((409, "chat_disabled"), (disabled.Status, disabled.Code));
        await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), quiet, default));

        var live = await app.LiveStream(dj);
        await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { followersOnly = true }, dj.User.Token), live, default));
        var outsider = await Post(live, user, "hi");
        Assert.Equal((403, "chat_followers_only"), (outsider.Status, outsider.Code));
        await app.Scalar<int>("insert into follows (follower_id, following_id, following_type) values (@u, @c, 'dj') returning 1",
            new { u = user.UserId, c = dj.ProfileId });
        Assert.Equal(201, (await Post(live, user, "hi")).Status);
        for (var i = 0; i < 4; i++) Assert.Equal(201, (await Post(live, user, "burst " + i)).Status);
        var limited = await Post(live, user, "one too many");
        Assert.Equal((429, "rate_limited"), (limited.Status, limited.Code));
        Assert.Equal("1", limited.Headers["Retry-After"].ToString());
        var empty = await Post(live, user, "   ");
        Assert.NotEmpty(empty.FieldErrors("message"));
    }
}
