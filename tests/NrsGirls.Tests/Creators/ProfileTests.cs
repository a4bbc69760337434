using NrsGirls.Functions.Creators;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Creators;

public class ProfileTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private Task<Answer> CreateDj(object? body, string? token, string? raw = null, string contentType = "application/json")
    {
        var r = raw is null ? Req(body, token) : Http.Request(token: token, raw: raw, contentType: contentType);
        return app.Call<ProfilesApi>(f => f.CreateDj(r, default));
    }

    private Task<Answer> PatchDj(Guid id, object body, string? token) => app.Call<ProfilesApi>(f => f.UpdateDj(Req(body, token), id, default));
    private Task<Answer> GetDj(Guid id, string? token = null) => app.Call<ProfilesApi>(f => f.GetDj(Req(token: token), id, default));

    private Task<long> Profiles(Guid userId) => app.Count(
        "select (select count(*) from dj_profiles where user_id = @userId) + (select count(*) from performer_profiles where user_id = @userId)", new { userId });

    [Fact]
    public async Task A_dj_creates_their_profile_and_anyone_reads_it_without_the_private_fields()
    {
        var dj = await app.SignUp(Roles.Dj);
        var created = await CreateDj(new
        {
            stageName = "  DJ Nova  ", bio = "Deep house all night.", genres = new[] { "deep-house", "amapiano", "deep-house" },
            avatarUrl = "https://cdn.example.com/a.png", socialLinks = new { instagram = "https://instagram.com/nova" },
        }, dj.Token);

        Assert.Equal(201, created.Status);
        var id = created.Str("id");
        Assert.Equal($"/api/djs/{id}", created.Headers.Location.ToString());
        Assert.Equal("DJ Nova", created.Str("stageName"));
        Assert.Equal(["deep-house", "amapiano"], created.Body.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(0m, created.Body.GetProperty("totalEarnings").GetDecimal());

        var anonymous = await GetDj(Guid.Parse(id));
        Assert.Equal(200, anonymous.Status);
        Assert.Equal("https://instagram.com/nova", anonymous.Body.GetProperty("socialLinks").GetProperty("instagram").GetString());
        Assert.False(anonymous.Body.TryGetProperty("totalEarnings", out _));
        Assert.False(anonymous.Body.GetProperty("verifiedArtist").GetBoolean());
        Assert.Equal(0, anonymous.Body.GetProperty("followerCount").GetInt32());
        Assert.True((await GetDj(Guid.Parse(id), dj.Token)).Body.TryGetProperty("totalEarnings", out _));
    }

    [Fact]
    public async Task A_second_profile_for_the_same_account_is_409_and_nothing_is_written()
    {
        var (dj, _) = await app.NewDj();
        var again = await CreateDj(new { stageName = "Second" }, dj.Token);
        Assert.Equal((409, "creator_profile_exists"), (again.Status, again.Code));
        Assert.Equal(1, await Profiles(dj.UserId));
    }

    [Theory]
    [InlineData(Roles.Viewer, "dj")]
    [InlineData(Roles.Viewer, "performer")]
    [InlineData(Roles.Dj, "performer")]
    [InlineData(Roles.Performer, "dj")]
    public async Task Only_an_account_of_the_matching_role_creates_a_profile(string role, string type)
    {
        var user = await app.SignUp(role);
        var answer = type == "dj"
            ? await CreateDj(new { stageName = "Nope" }, user.Token)
            : await app.Call<ProfilesApi>(f => f.CreatePerformer(Req(new { stageName = "Nope" }, user.Token), default));
        Assert.Equal((403, "creator_role_mismatch"), (answer.Status, answer.Code));
        Assert.Equal(Problems, answer.ContentType);
        Assert.Equal(0, await Profiles(user.UserId));
    }

    private const string Problems = "application/problem+json";

    public static TheoryData<string, string> BadCreates() => new()
    {
        { """{"bio":"no name"}""", "stageName" },
        { """{"stageName":""}""", "stageName" },
        { """{"stageName":null}""", "stageName" },
        { """{"stageName":42}""", "stageName" },
        { $$"""{"stageName":"{{new string('n', 101)}}"}""", "stageName" },
        { $$"""{"stageName":"ok","bio":"{{new string('b', 2001)}}"}""", "bio" },
        { """{"stageName":"ok","avatarUrl":"http://cdn.example.com/a.png"}""", "avatarUrl" },
        { """{"stageName":"ok","bannerUrl":"javascript:alert(1)"}""", "bannerUrl" },
        { $$"""{"stageName":"ok","bannerUrl":"https://x.example/{{new string('a', 490)}}"}""", "bannerUrl" },
        { """{"stageName":"ok","genres":["polka"]}""", "genres" },
        { """{"stageName":"ok","genres":"house"}""", "genres" },
        { """{"stageName":"ok","socialLinks":{"myspace":"https://myspace.com/x"}}""", "socialLinks.myspace" },
        { """{"stageName":"ok","socialLinks":{"instagram":"http://instagram.com/x"}}""", "socialLinks.instagram" },
        { """{"stageName":"ok","socialLinks":["https://instagram.com/x"]}""", "socialLinks" },
        { """{"stageName":"ok","rating":5}""", "rating" },
        { """{"stageName":"ok","verifiedArtist":true}""", "verifiedArtist" },
        { """{"stageName":"ok","followerCount":1000}""", "followerCount" },
        { """{"stageName":"ok","totalEarnings":1000}""", "totalEarnings" },
        { """{"stageName":"ok","favouriteColour":"red"}""", "favouriteColour" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_field_is_named_and_no_profile_is_written(string body, string field)
    {
        var dj = await app.SignUp(Roles.Dj);
        var answer = await CreateDj(null, dj.Token, raw: body);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(0, await Profiles(dj.UserId));
    }

    [Fact]
    public async Task Malformed_missing_oversized_and_non_json_bodies_are_problems_and_nothing_is_written()
    {
        var dj = await app.SignUp(Roles.Dj);
        Assert.Equal((400, "malformed_json"), S(await CreateDj(null, dj.Token, raw: "{\"stageName\":")));
        Assert.Equal((400, "body_required"), S(await CreateDj(null, dj.Token, raw: "")));
        Assert.Equal((415, "unsupported_media_type"), S(await CreateDj(null, dj.Token, raw: "stageName=x", contentType: "text/plain")));
        Assert.Equal((413, "payload_too_large"), S(await CreateDj(new { stageName = "x", bio = new string('b', 20_000) }, dj.Token)));
        Assert.Equal(0, await Profiles(dj.UserId));
    }

    private static (int, string?) S(Answer a) => (a.Status, a.Code);

    [Fact]
    public async Task The_owner_patches_only_the_fields_sent_and_null_clears_one()
    {
        var (dj, id) = await app.NewDj(bio: "old bio", genres: ["house"]);
        var patched = await PatchDj(id, new { bio = (string?)null, bannerUrl = "https://cdn.example.com/b.png" }, dj.Token);
        Assert.Equal(200, patched.Status);
        Assert.Equal(JsonValueKind.Null, patched.Body.GetProperty("bio").ValueKind);
        Assert.Equal("https://cdn.example.com/b.png", patched.Str("bannerUrl"));
        Assert.Equal(["house"], patched.Body.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(1, await app.Count("select count(*) from dj_profiles where id = @id and bio is null and genres = '{house}'", new { id }));
    }

    [Fact]
    public async Task Nobody_but_the_owner_or_an_admin_changes_a_profile()
    {
        var (_, id) = await app.NewDj(stageName: "Original");
        var (otherDj, _) = await app.NewDj();
        var viewer = await app.SignUp();
        foreach (var intruder in new[] { otherDj, viewer })
        {
            var refused = await PatchDj(id, new { stageName = "Hijacked" }, intruder.Token);
            Assert.Equal((403, "creator_not_owner"), (refused.Status, refused.Code));
        }
        Assert.Equal(1, await app.Count("select count(*) from dj_profiles where id = @id and stage_name = 'Original'", new { id }));

        var admin = await app.NewAdmin();
        var byAdmin = await PatchDj(id, new { stageName = "Renamed by admin" }, admin.Token);
        Assert.Equal((200, "Renamed by admin"), (byAdmin.Status, byAdmin.Str("stageName")));
    }

    [Fact]
    public async Task Counters_money_and_verification_cannot_be_patched_and_an_empty_patch_is_refused()
    {
        var (dj, id) = await app.NewDj();
        var refused = await PatchDj(id, new { stageName = "ok", followerCount = 1_000_000, verifiedArtist = true, rating = 5 }, dj.Token);
        Assert.Equal(400, refused.Status);
        Assert.NotEmpty(refused.FieldErrors("followerCount"));
        Assert.NotEmpty(refused.FieldErrors("verifiedArtist"));
        Assert.NotEmpty(refused.FieldErrors("rating"));
        Assert.Equal(0, await app.Count("select count(*) from dj_profiles where id = @id and (stage_name = 'ok' or follower_count > 0 or verified_artist)", new { id }));

        var empty = await PatchDj(id, new { }, dj.Token);
        Assert.NotEmpty(empty.FieldErrors("body"));
        var performerField = await app.Call<ProfilesApi>(f => f.UpdateDj(Req(new { blockedRegions = new[] { "DE" } }, dj.Token), id, default));
        Assert.NotEmpty(performerField.FieldErrors("blockedRegions"));
    }

    [Fact]
    public async Task Performers_have_no_genres_and_their_privacy_is_not_patched_here()
    {
        var (performer, id) = await app.NewPerformer();
        var answer = await app.Call<ProfilesApi>(f => f.UpdatePerformer(Req(new { genres = new[] { "house" }, blockedUsers = Array.Empty<Guid>() }, performer.Token), id, default));
        Assert.Equal(400, answer.Status);
        Assert.NotEmpty(answer.FieldErrors("genres"));
        Assert.NotEmpty(answer.FieldErrors("blockedUsers"));
    }

    [Fact]
    public async Task An_unknown_id_or_the_other_types_route_is_404_creator_not_found()
    {
        var (dj, djId) = await app.NewDj();
        var (_, performerId) = await app.NewPerformer();
        Assert.Equal((404, "creator_not_found"), S(await GetDj(Guid.NewGuid())));
        Assert.Equal((404, "creator_not_found"), S(await GetDj(performerId)));
        Assert.Equal((404, "creator_not_found"), S(await app.Call<ProfilesApi>(f => f.GetPerformer(Req(), djId, default))));
        Assert.Equal((404, "creator_not_found"), S(await PatchDj(Guid.NewGuid(), new { stageName = "x" }, dj.Token)));
    }

    [Fact]
    public async Task A_bad_token_on_a_public_read_is_401_not_anonymous()
    {
        var (_, id) = await app.NewDj();
        var answer = await GetDj(id, "not-a-session");
        Assert.Equal(401, answer.Status);
    }

    [Fact]
    public async Task Deleting_the_account_hides_the_profile()
    {
        var (dj, id) = await app.NewDj();
        await app.Scalar<int>("update users set deleted_at = now() where id = @id returning 1", new { id = dj.UserId });
        Assert.Equal((404, "creator_not_found"), S(await GetDj(id)));
    }
}
