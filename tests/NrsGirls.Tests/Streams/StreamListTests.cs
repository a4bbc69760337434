using Microsoft.AspNetCore.Http;

namespace NrsGirls.Tests.Streams;

public class StreamListTests(LiveFixture app) : IClassFixture<LiveFixture>
{
    private Task<Answer> List(string query, string? token = null, string? country = null)
    {
        var r = LiveFixture.Req(token: token, country: country);
        r.QueryString = new QueryString(query);
        return app.Call(app.Streams.ListStreams(r, default));
    }

    private static List<JsonElement> Items(Answer a) => a.Body.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task The_live_list_pages_by_cursor_with_each_streams_viewer_count_and_finds_by_text()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var c = await app.Creator();
            ids.Add(await app.LiveStream(c, new { title = $"{word} night {i}", category = "talk-show" }));
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        for (var v = 0; v < 3; v++) await app.Heartbeat(ids[4], viewerId: Guid.NewGuid().ToString());
        await app.Heartbeat(ids[3], viewerId: Guid.NewGuid().ToString());

        var first = await List($"?status=live&q={word}&limit=2");
        Assert.Equal(200, first.Status);
        Assert.Equal([ids[4], ids[3]], Items(first).Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal([3L, 1L], Items(first).Select(i => i.GetProperty("viewerCount").GetInt64()));
        var cursor = first.Str("nextCursor");
        var second = await List($"?status=live&q={word}&limit=2&cursor={cursor}");
        Assert.Equal([ids[2], ids[1]], Items(second).Select(i => i.GetProperty("id").GetGuid()));
        var third = await List($"?status=live&q={word}&limit=2&cursor={second.Str("nextCursor")}");
        Assert.Equal([ids[0]], Items(third).Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, third.Body.GetProperty("nextCursor").ValueKind);

        var byCategory = await List($"?status=live&category=talk-show&q={word}&limit=500");
        Assert.Equal(5, Items(byCategory).Count);
        var otherCategory = await List($"?status=live&category=fitness&q={word}");
        Assert.Empty(Items(otherCategory));
    }

    [Fact]
    public async Task Streams_of_creators_who_block_the_caller_or_the_region_are_left_out()
    {
        var word = "zb" + Guid.NewGuid().ToString("N")[..8];
        var blocked = await app.SignUp();
        var performer = await app.Creator("performer", blockedUsers: [blocked.UserId], blockedRegions: ["DE"]);
        var dj = await app.Creator();
        var hidden = await app.LiveStream(performer, new { title = word + " hidden" });
        var shown = await app.LiveStream(dj, new { title = word + " shown" });

        Assert.Equal(new[] { shown, hidden }.Order(), Items(await List($"?q={word}")).Select(i => i.GetProperty("id").GetGuid()).Order());
        Assert.Equal([shown], Items(await List($"?q={word}", blocked.Token)).Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal([shown], Items(await List($"?q={word}", country: "DE")).Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(2, Items(await List($"?q={word}", performer.User.Token, country: "DE")).Count); // the owner always sees their own
    }

    [Fact]
    public async Task Scheduled_streams_list_soonest_first_and_the_creator_page_lists_every_status()
    {
        var dj = await app.Creator();
        var later = await app.CreateStream(dj, new { title = "later", scheduledStart = app.Clock.GetUtcNow().AddDays(3) });
        var sooner = await app.CreateStream(dj, new { title = "sooner", scheduledStart = app.Clock.GetUtcNow().AddDays(1) });
        var live = await app.LiveStream(dj);

        var r = LiveFixture.Req();
        r.QueryString = new QueryString("?limit=100");
        var page = await app.Call(app.Streams.ListCreatorStreams(r, dj.ProfileId, default));
        Assert.Equal(200, page.Status);
        Assert.Equal(3, Items(page).Count);

        var scheduled = LiveFixture.Req();
        scheduled.QueryString = new QueryString("?status=scheduled");
        var mine = Items(await app.Call(app.Streams.ListCreatorStreams(scheduled, dj.ProfileId, default))).Select(i => i.GetProperty("title").GetString());
        Assert.Equal(["sooner", "later"], mine);
        Assert.NotEqual(Guid.Empty, live);
        Assert.Equal((201, 201), (later.Status, sooner.Status));
    }

    [Theory]
    [InlineData("?status=ended", "status")]
    [InlineData("?status=LIVE", "status")]
    [InlineData("?category=knitting", "category")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=-5", "limit")]
    [InlineData("?limit=2&limit=3", "limit")]
    [InlineData("?status=live&status=scheduled", "status")]
    public async Task Bad_list_parameters_are_named_400s(string query, string field)
    {
        var a = await List(query);
        Assert.Equal((400, "validation_failed"), (a.Status, a.Code));
        Assert.NotEmpty(a.FieldErrors(field));
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("bm90LWEtY3Vyc29y")]
    [InlineData("MTIzOnh5eg")]
    public async Task A_cursor_the_list_did_not_hand_out_is_a_named_400(string cursor)
    {
        var a = await List("?cursor=" + cursor);
        Assert.Equal((400, "invalid_cursor"), (a.Status, a.Code));
    }

    [Fact]
    public async Task A_limit_over_100_is_capped_not_refused_and_unknown_creators_are_404()
    {
        Assert.Equal(200, (await List("?limit=100000")).Status);
        var missing = await app.Call(app.Streams.ListCreatorStreams(LiveFixture.Req(), Guid.NewGuid(), default));
        Assert.Equal((404, "creator_not_found"), (missing.Status, missing.Code));
        var r = LiveFixture.Req();
        r.QueryString = new QueryString("?status=paused");
        var dj = await app.Creator();
        var bad = await app.Call(app.Streams.ListCreatorStreams(r, dj.ProfileId, default));
        Assert.Equal((400, "validation_failed"), (bad.Status, bad.Code));
    }
}
