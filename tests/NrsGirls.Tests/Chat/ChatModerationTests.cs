using NrsGirls.Shared.Chat;
using NrsGirls.Shared.Redis;
using NrsGirls.Tests.Streams;

namespace NrsGirls.Tests.Chat;

/// <summary>Moderators, bans, timeouts, modes and the send gate on real PostgreSQL and Redis, with MONGODB_URI empty.</summary>
public class ChatModerationTests(LiveWithoutMongoFixture app) : IClassFixture<LiveWithoutMongoFixture>
{
    private Task<Answer> Appoint(TestCreator c, Guid userId, string token) =>
        app.Call(app.Moderation.AppointModerator(LiveFixture.Req(token: token), c.ProfileId, userId, default));

    private Task<Answer> Ban(TestCreator c, string token, object body) =>
        app.Call(app.Moderation.BanFromChat(LiveFixture.Req(body, token), c.ProfileId, default));

    private Task<long> Moderators(TestCreator c) => app.Scalar<long>("select count(*) from stream_moderators where creator_id = @id", new { id = c.ProfileId });

    [Fact]
    public async Task The_owner_appoints_and_removes_moderators_idempotently_and_nobody_else_can()
    {
        var dj = await app.Creator();
        var mod = await app.SignUp();
        var stranger = await app.SignUp();

        Assert.Equal(204, (await Appoint(dj, mod.UserId, dj.User.Token)).Status);
        Assert.Equal(204, (await Appoint(dj, mod.UserId, dj.User.Token)).Status);
        Assert.Equal(1, await Moderators(dj));

        var byStranger = await Appoint(dj, stranger.UserId, stranger.Token);
        Assert.Equal((403, "chat_not_creator_owner"), (byStranger.Status, byStranger.Code));
        var byModerator = await Appoint(dj, stranger.UserId, mod.Token);
        Assert.Equal((403, "chat_not_creator_owner"), (byModerator.Status, byModerator.Code));
        var unknownUser = await Appoint(dj, Guid.NewGuid(), dj.User.Token);
        Assert.Equal((404, "chat_user_not_found"), (unknownUser.Status, unknownUser.Code));
        var self = await Appoint(dj, dj.User.UserId, dj.User.Token);
        Assert.Equal((400, "validation_failed"), (self.Status, self.Code));
        var unknownCreator = await app.Call(app.Moderation.AppointModerator(LiveFixture.Req(token: dj.User.Token), Guid.NewGuid(), mod.UserId, default));
        Assert.Equal((404, "creator_not_found"), (unknownCreator.Status, unknownCreator.Code));
        Assert.Equal(1, await Moderators(dj));

        var removedByStranger = await app.Call(app.Moderation.RemoveModerator(LiveFixture.Req(token: stranger.Token), dj.ProfileId, mod.UserId, default));
        Assert.Equal(403, removedByStranger.Status);
        Assert.Equal(204, (await app.Call(app.Moderation.RemoveModerator(LiveFixture.Req(token: dj.User.Token), dj.ProfileId, mod.UserId, default))).Status);
        var again = await app.Call(app.Moderation.RemoveModerator(LiveFixture.Req(token: dj.User.Token), dj.ProfileId, mod.UserId, default));
        Assert.Equal((404, "chat_moderator_not_found"), (again.Status, again.Code));
        Assert.Equal(0, await Moderators(dj));
    }

    [Fact]
    public async Task A_moderator_of_creator_A_cannot_delete_ban_or_set_modes_in_creator_Bs_chat()
    {
        var a = await app.Creator();
        var b = await app.Creator();
        var mod = await app.SignUp();
        var victim = await app.SignUp();
        await Appoint(a, mod.UserId, a.User.Token);
        var streamB = await app.LiveStream(b);

        var delete = await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: mod.Token), streamB, MongoDB.Bson.ObjectId.GenerateNewId().ToString(), default));
        Assert.Equal((403, "chat_not_moderator"), (delete.Status, delete.Code));
        var ban = await Ban(b, mod.Token, new { userId = victim.UserId, type = "ban" });
        Assert.Equal((403, "chat_not_moderator"), (ban.Status, ban.Code));
        var mode = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 10 }, mod.Token), streamB, default));
        Assert.Equal((403, "chat_not_moderator"), (mode.Status, mode.Code));
        Assert.Empty(await app.RedisKeys($"chat:ban:{b.ProfileId}:*"));
        Assert.Empty(await app.RedisKeys($"stream:{streamB}:chat:*"));

        // In A's own chat the same moderator may.
        Assert.Equal(200, (await Ban(a, mod.Token, new { userId = victim.UserId, type = "timeout", durationSeconds = 60 })).Status);
    }

    [Fact]
    public async Task A_banned_user_is_refused_until_the_ban_expires_by_the_clock()
    {
        var dj = await app.Creator();
        var user = await app.SignUp();
        var gate = app.Services.GetRequiredService<ChatGate>();

        var banned = await Ban(dj, dj.User.Token, new { userId = user.UserId, type = "timeout", durationSeconds = 600, reason = "spam" });
        Assert.Equal((200, "timeout"), (banned.Status, banned.Str("type")));
        Assert.Equal(ChatBanKind.Timeout, (await gate.ActiveBanAsync(dj.ProfileId, user.UserId))!.Kind);
        var ttl = await app.Redis.KeyTimeToLiveAsync(RedisKeys.ChatBan(dj.ProfileId, user.UserId));
        Assert.InRange(ttl!.Value.TotalSeconds, 590, 600);

        app.Clock.Advance(TimeSpan.FromSeconds(599));
        Assert.NotNull(await gate.ActiveBanAsync(dj.ProfileId, user.UserId));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await gate.ActiveBanAsync(dj.ProfileId, user.UserId));

        var forever = await Ban(dj, dj.User.Token, new { userId = user.UserId, type = "ban" });
        Assert.Equal(200, forever.Status);
        app.Clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(ChatBanKind.Ban, (await gate.ActiveBanAsync(dj.ProfileId, user.UserId))!.Kind);
        app.Clock.Advance(TimeSpan.FromDays(-400)); // back within the owner's session lifetime
        Assert.Equal(204, (await app.Call(app.Moderation.LiftChatBan(LiveFixture.Req(token: dj.User.Token), dj.ProfileId, user.UserId, default))).Status);
        Assert.Null(await gate.ActiveBanAsync(dj.ProfileId, user.UserId));
        var twice = await app.Call(app.Moderation.LiftChatBan(LiveFixture.Req(token: dj.User.Token), dj.ProfileId, user.UserId, default));
        Assert.Equal((404, "chat_ban_not_found"), (twice.Status, twice.Code));
    }

    [Fact]
    public async Task Moderators_cannot_ban_the_creator_each_other_or_themselves_and_bad_bans_write_nothing()
    {
        var dj = await app.Creator();
        var mod1 = await app.SignUp();
        var mod2 = await app.SignUp();
        await Appoint(dj, mod1.UserId, dj.User.Token);
        await Appoint(dj, mod2.UserId, dj.User.Token);

        foreach (var target in new[] { dj.User.UserId, mod2.UserId, mod1.UserId })
        {
            var a = await Ban(dj, mod1.Token, new { userId = target, type = "ban" });
            Assert.Equal((403, "chat_target_protected"), (a.Status, a.Code));
        }
        Assert.Equal(200, (await Ban(dj, dj.User.Token, new { userId = mod2.UserId, type = "timeout", durationSeconds = 60 })).Status);

        var tooShort = await Ban(dj, dj.User.Token, new { userId = mod1.UserId, type = "timeout", durationSeconds = 10 });
        Assert.Equal((400, "validation_failed"), (tooShort.Status, tooShort.Code));
        Assert.NotEmpty(tooShort.FieldErrors("durationSeconds"));
        var unknownType = await Ban(dj, dj.User.Token, new { userId = mod1.UserId, type = "mute", durationSeconds = 60 });
        Assert.NotEmpty(unknownType.FieldErrors("type"));
        var nobody = await Ban(dj, dj.User.Token, new { userId = Guid.NewGuid(), type = "ban" });
        Assert.Equal((404, "chat_user_not_found"), (nobody.Status, nobody.Code));
        var malformed = await app.Call(app.Moderation.BanFromChat(LiveFixture.Req(token: dj.User.Token, raw: "{\"userId\":12}"), dj.ProfileId, default));
        Assert.Equal(400, malformed.Status);
        Assert.Single(await app.RedisKeys($"chat:ban:{dj.ProfileId}:*"));
    }

    [Fact]
    public async Task Chat_modes_are_set_by_the_team_for_live_streams_only()
    {
        var dj = await app.Creator();
        var live = await app.LiveStream(dj);
        var viewer = await app.SignUp();

        var set = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 30, subscribersOnly = true }, dj.User.Token), live, default));
        Assert.Equal((200, 30), (set.Status, set.Body.GetProperty("slowModeSeconds").GetInt32()));
        Assert.Equal(new ChatMode(30, false, true), await app.Services.GetRequiredService<ChatGate>().ModeAsync(live));

        var byViewer = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 0 }, viewer.Token), live, default));
        Assert.Equal((403, "chat_not_moderator"), (byViewer.Status, byViewer.Code));
        var bad = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 99999 }, dj.User.Token), live, default));
        Assert.NotEmpty(bad.FieldErrors("slowModeSeconds"));
        var malformed = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(token: dj.User.Token, raw: "{\"followersOnly\":\"maybe\"}"), live, default));
        Assert.Equal(400, malformed.Status);
        var unknown = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 5 }, dj.User.Token), Guid.NewGuid(), default));
        Assert.Equal((404, "stream_not_found"), (unknown.Status, unknown.Code));
        var scheduled = await app.ScheduledStream(dj);
        var notLive = await app.Call(app.Chat.SetChatMode(LiveFixture.Req(new { slowModeSeconds = 5 }, dj.User.Token), scheduled, default));
        Assert.Equal((409, "stream_not_live"), (notLive.Status, notLive.Code));
        Assert.Equal(new ChatMode(30, false, true), await app.Services.GetRequiredService<ChatGate>().ModeAsync(live));

        await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), live, default));
        Assert.False(await app.Redis.KeyExistsAsync(RedisKeys.StreamChatMode(live)));
    }

    [Fact]
    public async Task The_send_gate_allows_a_burst_of_five_then_one_a_second_and_refuses_repeats_and_slow_mode()
    {
        var gate = app.Services.GetRequiredService<ChatGate>();
        var stream = Guid.NewGuid();
        var user = Guid.NewGuid();
        for (var i = 0; i < 5; i++) Assert.Null(await gate.TrySendAsync(stream, user, "m" + i, 0));
        var limited = await gate.TrySendAsync(stream, user, "m5", 0);
        Assert.Equal(("rate_limited", 1), (limited!.Code, limited.RetryAfterSeconds));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await gate.TrySendAsync(stream, user, "m6", 0));
        Assert.Equal("rate_limited", (await gate.TrySendAsync(stream, user, "m7", 0))!.Code);

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("chat_duplicate_message", (await gate.TrySendAsync(stream, user, "m6", 0))!.Code);
        Assert.Null(await gate.TrySendAsync(Guid.NewGuid(), user, "m6", 0)); // another stream: its own gate
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Null(await gate.TrySendAsync(stream, user, "m6", 0));        // 31 s later the same text is fine

        var slow = await gate.TrySendAsync(stream, user, "next", 20);
        Assert.Equal(("chat_slow_mode", 20), (slow!.Code, slow.RetryAfterSeconds));
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await gate.TrySendAsync(stream, user, "next", 20));
    }

    [Fact]
    public async Task Without_MongoDB_every_chat_message_route_answers_503_chat_unavailable_and_streams_keep_working()
    {
        var dj = await app.Creator();
        var live = await app.LiveStream(dj);
        var viewer = await app.SignUp();

        var post = await app.Call(app.Chat.PostChatMessage(LiveFixture.Req(new { message = "hi" }, viewer.Token), live, default));
        Assert.Equal((503, "chat_unavailable"), (post.Status, post.Code));
        Assert.Equal("application/problem+json", post.ContentType);
        var list = await app.Call(app.Chat.ListChatMessages(LiveFixture.Req(), live, default));
        Assert.Equal((503, "chat_unavailable"), (list.Status, list.Code));
        var delete = await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: dj.User.Token), live, MongoDB.Bson.ObjectId.GenerateNewId().ToString(), default));
        Assert.Equal((503, "chat_unavailable"), (delete.Status, delete.Code));

        Assert.Equal(200, (await app.Heartbeat(live, viewer.Token)).Status);
        Assert.Equal(200, (await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), live, default))).Status);
    }

    [Fact]
    public async Task A_malformed_message_id_is_a_named_400_for_the_team()
    {
        var dj = await app.Creator();
        var live = await app.LiveStream(dj);
        var a = await app.Call(app.Chat.DeleteChatMessage(LiveFixture.Req(token: dj.User.Token), live, "not-an-id", default));
        Assert.Equal((400, "validation_failed"), (a.Status, a.Code));
        Assert.NotEmpty(a.FieldErrors("messageId"));
    }

    [Fact]
    public async Task Bad_chat_input_is_a_named_4xx_before_MongoDB_is_needed_and_strangers_cannot_lift_bans()
    {
        var dj = await app.Creator();
        var live = await app.LiveStream(dj);
        var viewer = await app.SignUp();
        Task<Answer> Post(string raw) => app.Call(app.Chat.PostChatMessage(Http.Request(token: viewer.Token, raw: raw), live, default));

        var wrongType = await Post("{\"message\":5}");
        Assert.Equal((400, "validation_failed"), (wrongType.Status, wrongType.Code));
        Assert.Equal((400, "malformed_json"), ((await Post("{\"message\":")).Status, (await Post("{\"message\":")).Code));
        Assert.Equal(413, (await Post("{\"message\":\"" + new string('a', 5000) + "\"}")).Status);
        foreach (var query in new[] { "?limit=ten", "?limit=0", "?before=not-a-cursor", "?limit=2&limit=3" })
        {
            var r = LiveFixture.Req();
            r.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            var list = await app.Call(app.Chat.ListChatMessages(r, live, default));
            Assert.Equal((query, 400), (query, list.Status));
        }

        // Lifting a ban: only the creator's team, and the ban stays.
        var banned = await app.SignUp();
        Assert.Equal(200, (await Ban(dj, dj.User.Token, new { userId = banned.UserId, type = "ban" })).Status);
        var stranger = await app.SignUp();
        var lift = await app.Call(app.Moderation.LiftChatBan(LiveFixture.Req(token: stranger.Token), dj.ProfileId, banned.UserId, default));
        Assert.Equal((403, "chat_not_moderator"), (lift.Status, lift.Code));
        Assert.NotEmpty(await app.RedisKeys($"chat:ban:{dj.ProfileId}:*"));

        // Leaving as an anonymous viewer needs the viewer id the heartbeats used.
        foreach (var query in new[] { "", "?viewerId=nope", "?viewerId=" + Guid.Empty })
        {
            var r = LiveFixture.Req();
            r.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            var leave = await app.Call(app.Viewers.LeaveStream(r, live, default));
            Assert.Equal((query, 400), (query, leave.Status));
            Assert.NotEmpty(leave.FieldErrors("viewerId"));
        }
    }
}
