using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Functions.Creators;
using NrsGirls.Functions.Moderation;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Mongo;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Creators;

public class PrivacyTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private Task<Answer> Put(Guid id, object body, string token) =>
        app.Call<PrivacyApi>(f => f.ReplacePrivacy(Req(body, token), id, default));
    private Task<Answer> Block(Guid id, Guid userId, string token) =>
        app.Call<PrivacyApi>(f => f.BlockUser(Req(token: token), id, userId, default));
    private Task<Answer> Unblock(Guid id, Guid userId, string token) =>
        app.Call<PrivacyApi>(f => f.UnblockUser(Req(token: token), id, userId, default));
    private Task<Answer> GetPerformer(Guid id, string? token = null, string? country = null) =>
        app.Call<ProfilesApi>(f => f.GetPerformer(Req(token: token, country: country), id, default));
    private Task<Answer> Followers(Guid id, string? token = null, string? country = null) =>
        app.Call<FollowsApi>(f => f.ListFollowers(Req(token: token, country: country), id, default));
    private Task<Answer> Search(string q, string? token = null, string? country = null) =>
        app.Call<CreatorSearchApi>(f => f.SearchCreators(Req(token: token, query: "q=" + Uri.EscapeDataString(q), country: country), default));

    private static IEnumerable<string> Ids(Answer page) => page.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!);

    [Fact]
    public async Task The_owner_replaces_settings_and_regions_which_are_normalised_and_sorted()
    {
        var (performer, id) = await app.NewPerformer();
        var answer = await Put(id, new { privacySettings = new { showFollowerCount = false }, blockedRegions = new[] { "us", "DE", "DE" } }, performer.Token);
        Assert.Equal(200, answer.Status);
        Assert.Equal(["DE", "US"], answer.Body.GetProperty("blockedRegions").EnumerateArray().Select(r => r.GetString()));
        var settings = answer.Body.GetProperty("privacySettings");
        Assert.False(settings.GetProperty("showFollowerCount").GetBoolean());
        Assert.True(settings.GetProperty("showFollowers").GetBoolean());
        Assert.Equal(1, await app.Count("""
            select count(*) from performer_profiles where id = @id and blocked_regions = '{DE,US}'
              and privacy_settings = '{"showFollowerCount": false, "showFollowers": true, "allowPrivateShows": true}'
            """, new { id }));
    }

    public static TheoryData<string, string> BadPrivacy() => new()
    {
        { """{"privacySettings":{},"blockedRegions":["XX"]}""", "blockedRegions" },
        { """{"privacySettings":{},"blockedRegions":["USA"]}""", "blockedRegions" },
        { """{"privacySettings":{},"blockedRegions":["EU"]}""", "blockedRegions" },
        { """{"privacySettings":{},"blockedRegions":[5]}""", "blockedRegions" },
        { """{"privacySettings":{},"blockedRegions":"DE"}""", "blockedRegions" },
        { """{"privacySettings":{}}""", "blockedRegions" },
        { """{"blockedRegions":[]}""", "privacySettings" },
        { """{"privacySettings":{"showEverything":true},"blockedRegions":[]}""", "privacySettings.showEverything" },
        { """{"privacySettings":{"showFollowers":"no"},"blockedRegions":[]}""", "privacySettings.showFollowers" },
        { """{"privacySettings":{},"blockedRegions":[],"blockedUsers":[]}""", "blockedUsers" },
    };

    [Theory]
    [MemberData(nameof(BadPrivacy))]
    public async Task A_bad_privacy_body_names_the_field_and_writes_nothing(string body, string field)
    {
        var (performer, id) = await app.NewPerformer();
        var answer = await app.Call<PrivacyApi>(f => f.ReplacePrivacy(Http.Request(token: performer.Token, raw: body), id, default));
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(1, await app.Count("select count(*) from performer_profiles where id = @id and privacy_settings = '{}' and blocked_regions is null", new { id }));
    }

    [Fact]
    public async Task Only_the_owner_manages_privacy_and_a_dj_id_is_404()
    {
        var (_, id) = await app.NewPerformer();
        var (otherPerformer, _) = await app.NewPerformer();
        var admin = await app.NewAdmin();
        var (dj, djId) = await app.NewDj();
        var body = new { privacySettings = new { }, blockedRegions = new[] { "FR" } };
        Assert.Equal((403, "creator_not_owner"), S(await Put(id, body, otherPerformer.Token)));
        Assert.Equal((403, "creator_not_owner"), S(await Put(id, body, admin.Token)));
        Assert.Equal((403, "creator_not_owner"), S(await Block(id, dj.UserId, otherPerformer.Token)));
        Assert.Equal((404, "creator_not_found"), S(await Put(djId, body, dj.Token)));
        Assert.Equal(0, await app.Count("select count(*) from performer_profiles where id = @id and (blocked_regions is not null or blocked_users is not null)", new { id }));
    }

    private static (int, string?) S(Answer a) => (a.Status, a.Code);

    [Fact]
    public async Task A_blocked_user_sees_404_everywhere_cannot_follow_and_can_still_report()
    {
        var word = UniqueWord();
        var (performer, id) = await app.NewPerformer(stageName: "Blocky " + word);
        var blocked = await app.SignUp();
        var bystander = await app.SignUp();
        Assert.Equal(201, (await app.Follow(id, blocked.Token)).Status);
        Assert.Equal(1, await app.Count("select follower_count from performer_profiles where id = @id", new { id }));

        var block = await Block(id, blocked.UserId, performer.Token);
        Assert.Equal(200, block.Status);
        Assert.Contains(blocked.UserId.ToString(), block.Body.GetProperty("blockedUsers").EnumerateArray().Select(u => u.GetString()));
        // The block ends the follow, and the counter with it.
        Assert.Equal(0, await app.Count("select count(*) from follows where following_id = @id", new { id }));
        Assert.Equal(0, await app.Count("select follower_count from performer_profiles where id = @id", new { id }));

        Assert.Equal((404, "creator_not_found"), S(await GetPerformer(id, blocked.Token)));
        Assert.Equal((404, "creator_not_found"), S(await Followers(id, blocked.Token)));
        Assert.Equal((404, "creator_not_found"), S(await app.Follow(id, blocked.Token)));
        Assert.Equal(0, await app.Count("select count(*) from follows where following_id = @id", new { id }));
        Assert.DoesNotContain(id.ToString(), Ids(await Search(word, blocked.Token)));

        Assert.Equal(200, (await GetPerformer(id, bystander.Token)).Status);
        Assert.Equal(200, (await GetPerformer(id)).Status);
        Assert.Contains(id.ToString(), Ids(await Search(word, bystander.Token)));

        var report = await app.Call<ReportsApi>(f => f.FileReport(Req(new
        {
            reportedUserId = performer.UserId, reportType = "harassment", description = "Blocked me after threats.",
        }, blocked.Token), default));
        Assert.Equal(201, report.Status);

        Assert.Equal(200, (await Unblock(id, blocked.UserId, performer.Token)).Status);
        Assert.Equal(200, (await GetPerformer(id, blocked.Token)).Status);
    }

    [Fact]
    public async Task A_blocked_region_sees_404_everywhere_and_other_regions_do_not()
    {
        var word = UniqueWord();
        var (performer, id) = await app.NewPerformer(stageName: "Regional " + word);
        var viewer = await app.SignUp();
        Assert.Equal(200, (await Put(id, new { privacySettings = new { }, blockedRegions = new[] { "DE" } }, performer.Token)).Status);

        foreach (var token in new[] { null, viewer.Token })
        {
            Assert.Equal((404, "creator_not_found"), S(await GetPerformer(id, token, country: "DE")));
            Assert.Equal((404, "creator_not_found"), S(await GetPerformer(id, token, country: "de")));
            Assert.Equal((404, "creator_not_found"), S(await Followers(id, token, country: "DE")));
            Assert.DoesNotContain(id.ToString(), Ids(await Search(word, token, country: "DE")));
            Assert.Equal(200, (await GetPerformer(id, token, country: "FR")).Status);
            Assert.Equal(200, (await GetPerformer(id, token)).Status);
            Assert.Contains(id.ToString(), Ids(await Search(word, token, country: "FR")));
        }
        Assert.Equal((404, "creator_not_found"), S(await app.Follow(id, viewer.Token, country: "DE")));
        Assert.Equal(0, await app.Count("select count(*) from follows where following_id = @id", new { id }));
        // The owner travelling sees their own profile.
        Assert.Equal(200, (await GetPerformer(id, performer.Token, country: "DE")).Status);
    }

    [Fact]
    public async Task Following_lists_leave_out_a_creator_that_later_blocks_the_region()
    {
        var (performer, id) = await app.NewPerformer();
        var viewer = await app.SignUp();
        Assert.Equal(201, (await app.Follow(id, viewer.Token)).Status);
        await Put(id, new { privacySettings = new { }, blockedRegions = new[] { "BR" } }, performer.Token);
        var fromBrazil = await app.Call<FollowsApi>(f => f.ListFollowing(Req(token: viewer.Token, country: "BR"), default));
        Assert.Empty(fromBrazil.Body.GetProperty("items").EnumerateArray());
        Assert.Single((await app.GetMeFollowing(viewer.Token)).Body.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Blocking_oneself_or_nobody_is_refused_and_blocking_twice_changes_nothing()
    {
        var (performer, id) = await app.NewPerformer();
        var viewer = await app.SignUp();
        Assert.Equal((400, "cannot_block_self"), S(await Block(id, performer.UserId, performer.Token)));
        Assert.Equal((404, "blocked_user_not_found"), S(await Block(id, Guid.NewGuid(), performer.Token)));
        Assert.Equal(200, (await Block(id, viewer.UserId, performer.Token)).Status);
        Assert.Equal(200, (await Block(id, viewer.UserId, performer.Token)).Status);
        Assert.Equal(1, await app.Count("select cardinality(blocked_users) from performer_profiles where id = @id", new { id }));
        Assert.Equal(200, (await Unblock(id, viewer.UserId, performer.Token)).Status);
        Assert.Equal(200, (await Unblock(id, viewer.UserId, performer.Token)).Status);
        Assert.Equal(0, await app.Count("select cardinality(blocked_users) from performer_profiles where id = @id", new { id }));
    }

    [Fact]
    public async Task Hidden_follower_count_and_followers_list_stay_visible_to_the_owner_only()
    {
        var (performer, id) = await app.NewPerformer();
        var viewer = await app.SignUp();
        await app.Follow(id, viewer.Token);
        await Put(id, new { privacySettings = new { showFollowerCount = false, showFollowers = false }, blockedRegions = Array.Empty<string>() }, performer.Token);

        Assert.False((await GetPerformer(id, viewer.Token)).Body.TryGetProperty("followerCount", out _));
        Assert.Equal(1, (await GetPerformer(id, performer.Token)).Body.GetProperty("followerCount").GetInt32());
        Assert.Equal((403, "followers_hidden"), S(await Followers(id, viewer.Token)));
        Assert.Equal((403, "followers_hidden"), S(await Followers(id)));
        Assert.Single((await Followers(id, performer.Token)).Body.GetProperty("items").EnumerateArray());
    }

    /// <summary>One activity document per change; needs a real mongod (skipped with the reason otherwise).</summary>
    [MongoFact]
    public async Task Each_profile_and_privacy_change_writes_one_activity_document()
    {
        var (performer, id) = await app.NewPerformer();
        var viewer = await app.SignUp();
        await app.Call<ProfilesApi>(f => f.UpdatePerformer(Req(new { bio = "new" }, performer.Token), id, default));
        await Put(id, new { privacySettings = new { }, blockedRegions = new[] { "FR" } }, performer.Token);
        await Block(id, viewer.UserId, performer.Token);
        await Block(id, viewer.UserId, performer.Token); // no change, no entry

        var logs = new MongoStore(new NrsGirls.Shared.Configuration.MongoOptions { Uri = MongoFactAttribute.Uri }).Database!
            .GetCollection<BsonDocument>(MongoStore.ActivityLogs);
        var filter = Builders<BsonDocument>.Filter.Eq("resourceId", new BsonBinaryData(id, GuidRepresentation.Standard));
        var actions = (await logs.Find(filter).ToListAsync()).Select(d => d["action"].AsString).Order().ToList();
        Assert.Equal([CreatorActivity.PrivacyUpdated, CreatorActivity.ProfileCreated, CreatorActivity.ProfileUpdated, CreatorActivity.UserBlocked], actions);
    }
}
