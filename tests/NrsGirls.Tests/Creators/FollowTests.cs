using NrsGirls.Functions.Creators;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Creators;

public class FollowTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private static (int, string?) S(Answer a) => (a.Status, a.Code);

    private Task<long> FollowerCount(Guid id) => app.Count(
        "select follower_count from dj_profiles where id = @id union all select follower_count from performer_profiles where id = @id", new { id });
    private Task<long> Follows(Guid id) => app.Count("select count(*) from follows where following_id = @id", new { id });

    private Task<Answer> Followers(Guid id, string? query = null) =>
        app.Call<FollowsApi>(f => f.ListFollowers(Req(query: query), id, default));

    [Fact]
    public async Task Following_twice_returns_the_existing_follow_and_unfollowing_twice_is_fine()
    {
        var (_, dj) = await app.NewDj();
        var viewer = await app.SignUp();

        var first = await app.Follow(dj, viewer.Token);
        Assert.Equal(201, first.Status);
        Assert.Equal(("dj", true), (first.Str("creatorType"), first.Body.GetProperty("notificationsEnabled").GetBoolean()));
        var second = await app.Follow(dj, viewer.Token);
        Assert.Equal(200, second.Status);
        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal((1L, 1L), (await Follows(dj), await FollowerCount(dj)));

        Assert.Equal(204, (await app.Unfollow(dj, viewer.Token)).Status);
        Assert.Equal(204, (await app.Unfollow(dj, viewer.Token)).Status);
        Assert.Equal((0L, 0L), (await Follows(dj), await FollowerCount(dj)));
    }

    [Fact]
    public async Task Nobody_follows_their_own_profile_or_a_creator_that_does_not_exist()
    {
        var (dj, id) = await app.NewDj();
        Assert.Equal((400, "cannot_follow_self"), S(await app.Follow(id, dj.Token)));
        Assert.Equal((404, "creator_not_found"), S(await app.Follow(Guid.NewGuid(), dj.Token)));
        Assert.Equal((0L, 0L), (await Follows(id), await FollowerCount(id)));
        Assert.Equal(0, await app.Count("select count(*) from follows where follower_id = @id", new { id = dj.UserId }));
    }

    [Fact]
    public async Task Fifty_parallel_follows_and_unfollows_leave_the_counter_equal_to_the_rows()
    {
        var (_, performer) = await app.NewPerformer();
        var users = new List<TestUser>();
        for (var i = 0; i < 10; i++) users.Add(await app.SignUp());

        var calls = Enumerable.Range(0, 50).Select(i =>
        {
            var u = users[i % users.Count];
            return Task.Run(() => i % 3 == 2 ? app.Unfollow(performer, u.Token) : app.Follow(performer, u.Token));
        });
        var answers = await Task.WhenAll(calls);
        Assert.All(answers, a => Assert.True(a.Status is 200 or 201 or 204, a.Raw));

        Assert.Equal(await Follows(performer), await FollowerCount(performer));
        Assert.Equal(1, await app.Count("""
            select count(*) from performer_profiles p
            where p.id = @performer and p.follower_count = (select count(*) from follows f where f.following_id = p.id)
            """, new { performer }));
    }

    [Fact]
    public async Task Notifications_are_toggled_on_an_existing_follow_only()
    {
        var (_, dj) = await app.NewDj();
        var viewer = await app.SignUp();
        var patch = (object body) => app.Call<FollowsApi>(f => f.UpdateFollow(Req(body, viewer.Token), dj, default));

        Assert.Equal((404, "follow_not_found"), S(await patch(new { notificationsEnabled = false })));
        await app.Follow(dj, viewer.Token);
        var off = await patch(new { notificationsEnabled = false });
        Assert.Equal(200, off.Status);
        Assert.False(off.Body.GetProperty("notificationsEnabled").GetBoolean());
        Assert.NotEmpty((await patch(new { })).FieldErrors("notificationsEnabled"));
        Assert.NotEmpty((await patch(new { notificationsEnabled = "off" })).FieldErrors("notificationsEnabled"));
        Assert.Equal(1, await app.Count("select count(*) from follows where following_id = @dj and not notifications_enabled", new { dj }));
    }

    [Fact]
    public async Task Followers_and_following_page_newest_first_without_gaps_or_repeats()
    {
        var (_, dj) = await app.NewDj();
        var viewers = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            var v = await app.SignUp();
            viewers.Add(v);
            await app.Follow(dj, v.Token);
        }
        // Equal timestamps for three of them: the id breaks the tie.
        await app.Scalar<int>("update follows set created_at = '2026-01-01T00:00:00Z' where following_id = @dj and follower_id = any(@ids) returning 1",
            new { dj, ids = viewers.Take(3).Select(v => v.UserId).ToArray() });

        var (seen, _) = await Pages.AllAsync(next => Followers(dj, "limit=2" + next), "userId");
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
        Assert.Equal(viewers.Skip(3).Reverse().Select(v => v.UserId.ToString()), seen.Take(2));

        var (_, performer) = await app.NewPerformer();
        await app.Follow(performer, viewers[0].Token);
        var following = await app.GetMeFollowing(viewers[0].Token, "limit=1");
        var items = following.Body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(performer.ToString(), Assert.Single(items).GetProperty("creatorId").GetString());
        var next = await app.GetMeFollowing(viewers[0].Token, "limit=1&cursor=" + following.Body.GetProperty("nextCursor").GetString());
        Assert.Equal(dj.ToString(), Assert.Single(next.Body.GetProperty("items").EnumerateArray()).GetProperty("creatorId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, next.Body.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("limit=1000", 200, null)]
    [InlineData("limit=99999999999999999999", 200, null)]
    [InlineData("limit=0", 400, "validation_failed")]
    [InlineData("limit=-5", 400, "validation_failed")]
    [InlineData("limit=ten", 400, "validation_failed")]
    [InlineData("limit=2&limit=2", 400, "validation_failed")]
    [InlineData("cursor=not-a-cursor", 400, "invalid_cursor")]
    [InlineData("cursor=WyJ4IiwieSJd", 400, "invalid_cursor")]
    public async Task Limits_are_capped_and_bad_paging_parameters_are_named(string query, int status, string? code)
    {
        var (_, dj) = await app.NewDj();
        var viewer = await app.SignUp();
        var followers = await Followers(dj, query);
        var following = await app.GetMeFollowing(viewer.Token, query);
        Assert.Equal((status, code), S(followers));
        Assert.Equal((status, code), S(following));
    }

    [Fact]
    public async Task A_limit_over_100_returns_at_most_100()
    {
        var (_, dj) = await app.NewDj();
        await app.Scalar<int>("""
            with u as (insert into users (email, password_hash, role) select 'bulk-' || gen_random_uuid() || '@example.com', 'x', 'viewer'
                       from generate_series(1, 105) returning id)
            insert into follows (follower_id, following_id, following_type) select id, @dj, 'dj' from u returning 1
            """, new { dj });
        var page = await Followers(dj, "limit=1000");
        Assert.Equal(100, page.Body.GetProperty("items").GetArrayLength());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, page.Body.GetProperty("nextCursor").ValueKind);
    }
}
