using Microsoft.AspNetCore.Http;

namespace NrsGirls.Tests.Creators;

/// <summary>
/// The app with region rules on: the edge's country header is <see cref="CountryHeader"/>. Activity goes
/// to a real mongod when NRSGIRLS_TEST_MONGODB_URI is set.
/// </summary>
public class CreatorsFixture : AppFixture
{
    public const string CountryHeader = "X-Test-Country";

    protected override IDictionary<string, string?>? Overrides
    {
        get
        {
            var o = new Dictionary<string, string?> { [SettingNames.CountryHeader] = CountryHeader };
            if (MongoFactAttribute.Uri is { } uri) o["MONGODB_URI"] = uri;
            return o;
        }
    }
}

/// <summary>The steps creator tests start with, through the real functions.</summary>
public static class CreatorFlows
{
    /// <summary>A request with an optional body, token, query string and edge country header.</summary>
    public static HttpRequest Req(object? body = null, string? token = null, string? query = null, string? country = null, string? raw = null)
    {
        var r = Http.Request(body, token, raw: raw, query: query);
        if (country is not null) r.Headers[CreatorsFixture.CountryHeader] = country;
        return r;
    }

    public static Task<Answer> Call<T>(this AppFixture app, Func<T, Task<IResult>> f) where T : class =>
        Http.Call(app.Services, f(app.Function<T>()));

    /// <summary>A new DJ account with its profile.</summary>
    public static async Task<(TestUser User, Guid Id)> NewDj(this AppFixture app, string? stageName = null, string? bio = null, string[]? genres = null)
    {
        var user = await app.SignUp(Roles.Dj);
        var created = await app.Call<NrsGirls.Functions.Creators.ProfilesApi>(f => f.CreateDj(
            Req(new { stageName = stageName ?? "DJ " + Guid.NewGuid().ToString("N")[..6], bio, genres }, user.Token), default));
        Assert.True(created.Status == 201, created.Raw);
        return (user, Guid.Parse(created.Str("id")));
    }

    /// <summary>A new performer account with its profile.</summary>
    public static async Task<(TestUser User, Guid Id)> NewPerformer(this AppFixture app, string? stageName = null, string? bio = null)
    {
        var user = await app.SignUp(Roles.Performer);
        var created = await app.Call<NrsGirls.Functions.Creators.ProfilesApi>(f => f.CreatePerformer(
            Req(new { stageName = stageName ?? "Performer " + Guid.NewGuid().ToString("N")[..6], bio }, user.Token), default));
        Assert.True(created.Status == 201, created.Raw);
        return (user, Guid.Parse(created.Str("id")));
    }

    /// <summary>A word no other test uses, for search tests sharing the database.</summary>
    public static string UniqueWord(string prefix = "w") => prefix + Guid.NewGuid().ToString("N")[..10].Replace('0', 'g').Replace('1', 'h');

    public static Task<long> Count(this AppFixture app, string sql, object? args = null) => app.Scalar<long>(sql, args);

    public static Task<Answer> GetMeFollowing(this AppFixture app, string token, string? query = null) =>
        app.Call<NrsGirls.Functions.Creators.FollowsApi>(f => f.ListFollowing(Req(token: token, query: query), default));

    public static Task<Answer> Follow(this AppFixture app, Guid creator, string token, string? country = null) =>
        app.Call<NrsGirls.Functions.Creators.FollowsApi>(f => f.FollowCreator(Req(token: token, country: country), creator, default));

    public static Task<Answer> Unfollow(this AppFixture app, Guid creator, string token) =>
        app.Call<NrsGirls.Functions.Creators.FollowsApi>(f => f.UnfollowCreator(Req(token: token), creator, default));
}
