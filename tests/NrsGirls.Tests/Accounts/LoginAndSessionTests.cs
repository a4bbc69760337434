using MongoDB.Bson.Serialization;
using MongoDB.Bson;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Redis;
using StackExchange.Redis;


namespace NrsGirls.Tests.Accounts;

public class LoginAndSessionTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private string SessionIdOf(string token) => app.Services.GetRequiredService<SessionStore>().SessionIdOf(token);

    [Fact]
    public async Task Login_returns_an_opaque_token_whose_hash_keys_the_seed_shaped_session()
    {
        var email = AccountFlows.NewEmail();
        var ip = Http.NewIp();
        await app.Register(email, ip: ip);
        var login = await app.Login(email.ToUpperInvariant(), ip: ip);

        Assert.Equal(200, login.Status);
        Assert.Equal("no-store", login.Headers.CacheControl.ToString());
        Assert.False(login.Body.GetProperty("twoFactorRequired").GetBoolean());
        Assert.Equal("Bearer", login.Str("tokenType"));
        var token = login.Str("token");
        Assert.Equal(43, token.Length); // 32 random bytes, base64url
        Assert.False(Guid.TryParse(token, out _));

        var userId = await app.Scalar<Guid>("select id from users where email = @email", new { email });
        Assert.False(await app.Redis.KeyExistsAsync(RedisKeys.Session(token)));
        var key = RedisKeys.Session(SessionIdOf(token));
        var hash = (await app.Redis.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(userId.ToString("D"), hash["userId"]);
        Assert.Equal(Roles.Viewer, hash["role"]);
        Assert.Equal(ip, hash["ipAddress"]);
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(), hash["lastActivity"]);
        Assert.DoesNotContain(hash.Values, v => v.Contains(token));
        var ttl = await app.Redis.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.Contains(SessionIdOf(token), (await app.Redis.SetMembersAsync(RedisKeys.UserSessions(userId))).Select(v => v.ToString()));
        Assert.NotNull(await app.Scalar<DateTime?>("select last_login from users where id = @userId", new { userId }));
    }

    [Fact]
    public async Task Me_answers_the_caller_and_refreshes_last_activity()
    {
        var user = await app.SignUp(Roles.Performer);
        app.Clock.Advance(TimeSpan.FromMinutes(7));
        var me = await app.GetMe(user.Token);

        Assert.Equal(200, me.Status);
        Assert.Equal(user.UserId, me.Body.GetProperty("id").GetGuid());
        Assert.Equal(user.Email, me.Str("email"));
        Assert.Equal(Roles.Performer, me.Str("role"));
        Assert.False(me.Body.GetProperty("verified").GetBoolean());
        Assert.False(me.Body.TryGetProperty("passwordHash", out _));
        var lastActivity = await app.Redis.HashGetAsync(RedisKeys.Session(SessionIdOf(user.Token)), "lastActivity");
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(), lastActivity.ToString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_401_and_no_session()
    {
        var user = await app.SignUp();
        var before = await app.Redis.SetLengthAsync(RedisKeys.UserSessions(user.UserId));
        var wrong = await app.Login(user.Email, "not the right passphrase");
        var unknown = await app.Login(AccountFlows.NewEmail(), "not the right passphrase");

        Assert.Equal((401, "invalid_credentials"), (wrong.Status, wrong.Code));
        Assert.Equal(wrong.Raw, unknown.Raw);
        Assert.Equal("Bearer", wrong.Headers.WWWAuthenticate.ToString());
        Assert.Equal("application/problem+json", wrong.ContentType);
        Assert.Equal(before, await app.Redis.SetLengthAsync(RedisKeys.UserSessions(user.UserId)));
    }

    public static TheoryData<string, string> BadLogins => new()
    {
        { """{"password":"whatever passphrase"}""", "email" },
        { """{"email":"a@example.com"}""", "password" },
        { """{"email":"a@example.com","password":""}""", "password" },
        { """{"email":"not an email","password":"whatever passphrase"}""", "email" },
        { $$"""{"email":"a@example.com","password":"{{new string('p', 257)}}"}""", "password" },
        { """{"email":true,"password":"whatever passphrase"}""", "email" },
        { """{"email":"a@example.com","password":12345678901}""", "password" },
    };

    [Theory]
    [MemberData(nameof(BadLogins))]
    public async Task Bad_login_bodies_answer_a_named_400_and_count_nothing(string raw, string field)
    {
        var ip = Http.NewIp();
        var answer = await Http.Call(app.Services, app.Auth.Login(Http.Request(raw: raw, ip: ip), default));
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Empty(await app.RedisKeys($"ratelimit:ip:{ip}:*"));
    }

    [Fact]
    public async Task Malformed_json_at_login_is_a_400_naming_the_position()
    {
        var answer = await Http.Call(app.Services, app.Auth.Login(Http.Request(raw: """{"email":"a@example.com",}"""), default));
        Assert.Equal((400, "malformed_json"), (answer.Status, answer.Code));
        Assert.Contains("line 1", answer.Str("detail"));
    }

    [Fact]
    public async Task Logout_ends_the_session_and_the_token_then_gets_401()
    {
        var user = await app.SignUp();
        var logout = await Http.Call(app.Services, app.Auth.Logout(Http.Request(token: user.Token), default));
        Assert.Equal(204, logout.Status);
        Assert.False(await app.Redis.KeyExistsAsync(RedisKeys.Session(SessionIdOf(user.Token))));
        Assert.Empty(await app.Redis.SetMembersAsync(RedisKeys.UserSessions(user.UserId)));

        var me = await app.GetMe(user.Token);
        Assert.Equal((401, "invalid_session"), (me.Status, me.Code));
    }

    [Fact]
    public async Task A_session_stops_working_after_24_hours_by_the_clock()
    {
        var user = await app.SignUp();
        app.Clock.Advance(TimeSpan.FromHours(23.9));
        Assert.Equal(200, (await app.GetMe(user.Token)).Status);

        app.Clock.Advance(TimeSpan.FromHours(0.1));
        var expired = await app.GetMe(user.Token);
        Assert.Equal((401, "invalid_session"), (expired.Status, expired.Code));
        Assert.False(await app.Redis.KeyExistsAsync(RedisKeys.Session(SessionIdOf(user.Token))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer 00000000-0000-0000-0000-000000000000")]
    [InlineData("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer ../../etc/passwd")]
    public async Task Missing_malformed_and_forged_tokens_get_401(string? authorization)
    {
        var request = Http.Request();
        if (authorization is not null) request.Headers.Authorization = authorization;
        var answer = await Http.Call(app.Services, app.Me.GetMe(request, default));
        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains(answer.Code, new[] { "unauthorized", "invalid_session" });
    }

    [Fact]
    public async Task A_soft_deleted_user_cannot_sign_in()
    {
        var user = await app.SignUp();
        await app.Scalar<int>("update users set deleted_at = now() where id = @UserId", new { user.UserId });
        var login = await app.Login(user.Email);
        Assert.Equal((401, "invalid_credentials"), (login.Status, login.Code));
    }

    [Fact]
    public async Task Login_is_limited_per_IP_and_per_account_and_address_and_the_window_resets_with_the_clock()
    {
        var ip = Http.NewIp();
        for (var i = 0; i < AccountLimits.LoginPerIp.Limit; i++)
            Assert.Equal(401, (await app.Login(AccountFlows.NewEmail(), ip: ip)).Status);
        var limited = await app.Login(AccountFlows.NewEmail(), ip: ip);
        Assert.Equal((429, "rate_limited"), (limited.Status, limited.Code));
        Assert.False(string.IsNullOrEmpty(limited.Headers.RetryAfter.ToString()));

        // One account from the address it signed up from (a known one): only the tight per-(account, address)
        // limit applies, and the sign-up's own sign-in was its first attempt. LoginLimitTests covers the rest.
        var user = await app.SignUp();
        for (var i = 1; i < AccountLimits.LoginPerAccountAddress.Limit; i++)
            Assert.Equal(401, (await app.Login(user.Email, "wrong passphrase!", ip: user.Ip)).Status);
        Assert.Equal(429, (await app.Login(user.Email, ip: user.Ip)).Status);

        app.Clock.Advance(AccountLimits.LoginPerAccountAddress.Window);
        Assert.Equal(200, (await app.Login(user.Email, ip: user.Ip)).Status);
        Assert.Equal(401, (await app.Login(AccountFlows.NewEmail(), ip: ip)).Status);
    }

    [Fact]
    public async Task The_login_activity_document_has_the_seed_fields_as_the_driver_sends_them()
    {
        var userId = Guid.NewGuid();
        var at = new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var doc = ActivityLog.ToDocument(new ActivityEntry(userId, "login", "user", userId, "10.1.2.3", "agent/1",
            new Dictionary<string, string> { ["method"] = "password" }, at));

        Assert.Equal(["userId", "action", "resourceType", "resourceId", "ipAddress", "userAgent", "metadata", "timestamp"], doc.Names);
        Assert.Equal(userId, doc["userId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["userId"].AsBsonBinaryData.SubType);
        Assert.Equal("login", doc["action"].AsString);
        Assert.Equal("10.1.2.3", doc["ipAddress"].AsString);
        Assert.Equal("agent/1", doc["userAgent"].AsString);
        Assert.Equal("password", doc["metadata"]["method"].AsString);
        Assert.Equal(at.UtcDateTime, doc["timestamp"].ToUniversalTime());
        // What goes over the wire: the document serialises to BSON and back unchanged.
        Assert.Equal(doc, BsonSerializer.Deserialize<BsonDocument>(doc.ToBson()));
    }
}
