using Microsoft.AspNetCore.Http;
using NrsGirls.Functions.Chat;
using NrsGirls.Functions.Streams;

namespace NrsGirls.Tests.Streams;

/// <summary>A creator as tests make one: the account (signed in) and its profile row.</summary>
public sealed record TestCreator(TestUser User, Guid ProfileId, string Type, string StageName);

/// <summary>The app with the live functions at hand, a country header, and helpers that make creators and streams.</summary>
public class LiveFixture : AppFixture
{
    public const string CountryHeader = "X-Test-Country";

    protected override IDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        [SettingNames.CountryHeader] = CountryHeader,
    };

    public StreamsApi Streams => Function<StreamsApi>();
    public ViewersApi Viewers => Function<ViewersApi>();
    public ChatApi Chat => Function<ChatApi>();
    public ChatModerationApi Moderation => Function<ChatModerationApi>();

    /// <summary>A DJ (or performer) account with its profile, inserted directly (profiles' own routes are another feature's).</summary>
    public async Task<TestCreator> Creator(string type = "dj", Guid[]? blockedUsers = null, string[]? blockedRegions = null)
    {
        var user = await this.SignUp(type == "dj" ? Roles.Dj : Roles.Performer);
        var stage = "Stage" + Guid.NewGuid().ToString("N")[..10];
        var id = type == "dj"
            ? await Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@u, @stage) returning id", new { u = user.UserId, stage })
            : await Scalar<Guid>("""
                insert into performer_profiles (user_id, stage_name, blocked_users, blocked_regions)
                values (@u, @stage, @blockedUsers, @blockedRegions) returning id
                """, new { u = user.UserId, stage, blockedUsers, blockedRegions });
        return new TestCreator(user, id, type, stage);
    }

    public static HttpRequest Req(object? body = null, string? token = null, string? country = null, string? raw = null)
    {
        var r = Http.Request(body, token, raw: raw);
        if (country is not null) r.Headers[CountryHeader] = country;
        return r;
    }

    public Task<Answer> Call(Task<IResult> function) => Http.Call(Services, function);

    public Task<Answer> CreateStream(TestCreator c, object body) => Call(Streams.CreateStream(Req(body, c.User.Token), default));

    /// <summary>A live stream of the creator, id returned.</summary>
    public async Task<Guid> LiveStream(TestCreator c, object? extra = null)
    {
        var a = await CreateStream(c, extra ?? new { title = "Live now " + Guid.NewGuid().ToString("N")[..6], category = "dj-set" });
        Assert.True(a.Status == 201, a.Raw);
        return Guid.Parse(a.Str("id"));
    }

    public async Task<Guid> ScheduledStream(TestCreator c, string title = "Later")
    {
        var a = await CreateStream(c, new { title, scheduledStart = Clock.GetUtcNow().AddDays(1) });
        Assert.True(a.Status == 201, a.Raw);
        return Guid.Parse(a.Str("id"));
    }

    public Task<Answer> Heartbeat(Guid stream, string? token = null, string? viewerId = null, string? country = null) =>
        Call(Viewers.StreamHeartbeat(Req(token is null ? new { viewerId } : null, token, country), stream, default));
}

/// <summary>The same app with MONGODB_URI empty whatever the environment says: chat answers 503.</summary>
public sealed class LiveWithoutMongoFixture : LiveFixture
{
    protected override IDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        [SettingNames.CountryHeader] = CountryHeader,
        [SettingNames.MongoDbUri] = "",
    };
}
