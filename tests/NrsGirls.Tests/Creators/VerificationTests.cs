using NrsGirls.Functions.Creators;
using NrsGirls.Shared.Creators;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Creators;

public class VerificationTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private Task<Answer> Verify(Guid id, object body, string token) =>
        app.Call<ProfilesApi>(f => f.VerifyCreator(Req(body, token), id, default));

    [Fact]
    public async Task An_admin_verifies_a_dj_and_a_performer_with_their_own_flag()
    {
        var admin = await app.NewAdmin();
        var (_, dj) = await app.NewDj();
        var (_, performer) = await app.NewPerformer();

        var artist = await Verify(dj, new { verifiedArtist = true }, admin.Token);
        Assert.Equal(200, artist.Status);
        Assert.True(artist.Body.GetProperty("verifiedArtist").GetBoolean());
        var perf = await Verify(performer, new { verifiedPerformer = true }, admin.Token);
        Assert.True(perf.Body.GetProperty("verifiedPerformer").GetBoolean());
        Assert.Equal(1, await app.Count("select count(*) from performer_profiles where id = @performer and verified_performer", new { performer }));

        Assert.Equal(200, (await Verify(dj, new { verifiedArtist = false }, admin.Token)).Status);
        Assert.Equal(0, await app.Count("select count(*) from dj_profiles where id = @dj and verified_artist", new { dj }));
    }

    [Fact]
    public async Task Nobody_but_an_admin_sets_verification_and_nothing_changes()
    {
        var (owner, dj) = await app.NewDj();
        var viewer = await app.SignUp();
        foreach (var who in new[] { owner, viewer })
        {
            var refused = await Verify(dj, new { verifiedArtist = true }, who.Token);
            Assert.Equal((403, "forbidden"), (refused.Status, refused.Code));
        }
        Assert.Equal(0, await app.Count("select count(*) from dj_profiles where id = @dj and verified_artist", new { dj }));
    }

    [Fact]
    public async Task The_wrong_flag_a_missing_flag_an_unknown_field_or_an_unknown_creator_is_refused()
    {
        var admin = await app.NewAdmin();
        var (_, dj) = await app.NewDj();
        Assert.NotEmpty((await Verify(dj, new { verifiedPerformer = true }, admin.Token)).FieldErrors("verifiedPerformer"));
        Assert.NotEmpty((await Verify(dj, new { }, admin.Token)).FieldErrors("verifiedArtist"));
        Assert.NotEmpty((await Verify(dj, new { verifiedArtist = true, rating = 5 }, admin.Token)).FieldErrors("rating"));
        Assert.NotEmpty((await Verify(dj, new { verifiedArtist = "yes" }, admin.Token)).FieldErrors("verifiedArtist"));
        var unknown = await Verify(Guid.NewGuid(), new { verifiedArtist = true }, admin.Token);
        Assert.Equal((404, "creator_not_found"), (unknown.Status, unknown.Code));
        Assert.Equal(0, await app.Count("select count(*) from dj_profiles where id = @dj and verified_artist", new { dj }));
    }

    [Fact]
    public void The_activity_entry_of_a_verification_names_the_admin_the_profile_and_the_flag()
    {
        var admin = new NrsGirls.Shared.Security.Caller(Guid.NewGuid(), "admin", "s");
        var creator = Guid.NewGuid();
        var doc = NrsGirls.Shared.Activity.ActivityLog.ToDocument(CreatorActivity.Entry(admin, new("10.1.2.3", "ua"),
            CreatorActivity.VerificationChanged, CreatorTypes.Dj, creator, new Dictionary<string, string> { ["verifiedArtist"] = "true" }, app.Clock));
        Assert.Equal("creator.verification_changed", doc["action"].AsString);
        Assert.Equal("dj_profile", doc["resourceType"].AsString);
        Assert.Equal(creator, doc["resourceId"].AsGuid);
        Assert.Equal(admin.UserId, doc["userId"].AsGuid);
        Assert.Equal("true", doc["metadata"]["verifiedArtist"].AsString);
    }
}
