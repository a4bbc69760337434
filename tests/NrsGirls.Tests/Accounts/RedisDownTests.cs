using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

/// <summary>Redis unreachable: sign-in, registration and every signed-in call refuse with 503 (fail closed).</summary>
public class RedisDownTests(RedisDownTests.RedisDownFixture app) : IClassFixture<RedisDownTests.RedisDownFixture>
{
    public sealed class RedisDownFixture : AccountsFixture
    {
        // Nothing listens on port 1.
        protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["REDIS_PORT"] = "1", [SettingNames.RedisTimeoutMs] = null }; // production timeout
    }

    [Fact]
    public async Task Login_register_2fa_and_signed_in_calls_answer_503_and_register_writes_nothing()
    {
        var email = AccountFlows.NewEmail();
        var calls = await Task.WhenAll(
            app.Register(email),
            app.Login(email),
            Http.Call(app.Services, app.Auth.LoginTwoFactor(Http.Request(new { challenge = SecureTokens.New(), code = "123456" }), default)),
            app.GetMe(SecureTokens.New()));

        Assert.All(calls, a =>
        {
            Assert.Equal(503, a.Status);
            Assert.Equal("unavailable", a.Code);
            Assert.Equal("application/problem+json", a.ContentType);
        });
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from users where email = @email", new { email }));
        Assert.Empty(app.VerificationTokens);
    }
}
