using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Redis;


namespace NrsGirls.Tests.Accounts;

public class TwoFactorTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private string Code(byte[] secret, int stepOffset = 0) =>
        Totp.Compute(secret, Totp.StepAt(app.Clock.GetUtcNow()) + stepOffset);

    /// <summary>Moves to the next 30-second step, so each code of a test is fresh.</summary>
    private void NextStep() => app.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));

    private Task<Answer> Setup(string token) => Http.Call(app.Services, app.Auth.TwoFactorSetup(Http.Request(token: token), default));
    private Task<Answer> Enable(string token, object body) => Http.Call(app.Services, app.Auth.TwoFactorEnable(Http.Request(body, token), default));
    private Task<Answer> Disable(string token, object body) => Http.Call(app.Services, app.Auth.TwoFactorDisable(Http.Request(body, token), default));
    private Task<Answer> LoginWithCode(string challenge, string code, string? ip = null) =>
        Http.Call(app.Services, app.Auth.LoginTwoFactor(Http.Request(new { challenge, code }, ip: ip), default));

    /// <summary>A signed-in user with 2FA on: the secret and the fresh session token enabling returned.</summary>
    private async Task<(TestUser User, byte[] Secret, string Token)> UserWithTwoFactor()
    {
        var user = await app.SignUp();
        var setup = await Setup(user.Token);
        Assert.Equal(200, setup.Status);
        var secret = Totp.Base32Decode(setup.Str("secret"));
        var enabled = await Enable(user.Token, new { code = Code(secret) });
        Assert.True(enabled.Status == 200, enabled.Raw);
        NextStep();
        return (user, secret, enabled.Str("token"));
    }

    private async Task<string> Challenge(TestUser user)
    {
        var login = await app.Login(user.Email, ip: Http.NewIp());
        Assert.Equal(200, login.Status);
        Assert.True(login.Body.GetProperty("twoFactorRequired").GetBoolean());
        return login.Str("challenge");
    }

    [Fact]
    public async Task Setup_enable_and_login_with_a_code_give_a_session_and_end_the_old_ones()
    {
        var user = await app.SignUp();
        var setup = await Setup(user.Token);
        Assert.Equal(200, setup.Status);
        Assert.Equal("no-store", setup.Headers.CacheControl.ToString());
        var secret = Totp.Base32Decode(setup.Str("secret"));
        Assert.Equal(Totp.SecretBytes, secret.Length);
        Assert.StartsWith("otpauth://totp/NrsGirls:", setup.Str("otpAuthUri"));
        Assert.False(await app.Scalar<bool>("select two_factor_enabled from users where id = @UserId", new { user.UserId }));

        var enabled = await Enable(user.Token, new { code = Code(secret) });
        Assert.Equal(200, enabled.Status);
        var fresh = enabled.Str("token");
        Assert.Equal((401, "invalid_session"), ((await app.GetMe(user.Token)).Status, (await app.GetMe(user.Token)).Code));
        Assert.Equal(200, (await app.GetMe(fresh)).Status);
        Assert.True((await app.GetMe(fresh)).Body.GetProperty("twoFactorEnabled").GetBoolean());

        NextStep();
        var login = await app.Login(user.Email);
        Assert.Equal(200, login.Status);
        Assert.True(login.Body.GetProperty("twoFactorRequired").GetBoolean());
        Assert.False(login.Body.TryGetProperty("token", out var t) && t.ValueKind != System.Text.Json.JsonValueKind.Null);

        var session = await LoginWithCode(login.Str("challenge"), Code(secret));
        Assert.True(session.Status == 200, session.Raw);
        Assert.Equal(200, (await app.GetMe(session.Str("token"))).Status);
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_with_a_key_id_and_bound_to_its_user()
    {
        var (user, secret, _) = await UserWithTwoFactor();
        var stored = await app.Scalar<string>("select two_factor_secret from users where id = @UserId", new { user.UserId });

        Assert.StartsWith("test1:", stored);
        Assert.DoesNotContain(Totp.Base32Encode(secret), stored);
        var encryption = app.Services.GetRequiredService<FieldEncryption>();
        Assert.Equal(secret, encryption.Decrypt(stored, user.UserId.ToByteArray(bigEndian: true)));
        Assert.Null(encryption.Decrypt(stored, Guid.NewGuid().ToByteArray(bigEndian: true)));
    }

    [Fact]
    public async Task A_code_is_accepted_once_one_step_of_drift_is_tolerated_and_older_codes_are_refused()
    {
        var (user, secret, _) = await UserWithTwoFactor();
        NextStep(); // the step enabling used stays used: drift back to the one after it

        var drifted = await LoginWithCode(await Challenge(user), Code(secret, -1));
        Assert.Equal(200, drifted.Status);

        NextStep();
        var code = Code(secret);
        Assert.Equal(200, (await LoginWithCode(await Challenge(user), code)).Status);
        var replay = await LoginWithCode(await Challenge(user), code);
        Assert.Equal((401, "code_already_used"), (replay.Status, replay.Code));

        NextStep();
        var tooOld = await LoginWithCode(await Challenge(user), Code(secret, -2));
        Assert.Equal((401, "invalid_code"), (tooOld.Status, tooOld.Code));
        var tooNew = await LoginWithCode(await Challenge(user), Code(secret, +2));
        Assert.Equal((401, "invalid_code"), (tooNew.Status, tooNew.Code));
    }

    [Fact]
    public async Task The_code_that_enabled_2FA_cannot_be_replayed_to_sign_in()
    {
        var user = await app.SignUp();
        var secret = Totp.Base32Decode((await Setup(user.Token)).Str("secret"));
        var code = Code(secret);
        Assert.Equal(200, (await Enable(user.Token, new { code })).Status);

        var replay = await LoginWithCode(await Challenge(user), code);
        Assert.Equal((401, "code_already_used"), (replay.Status, replay.Code));
    }

    [Fact]
    public async Task A_challenge_dies_after_five_wrong_codes_and_expires_after_five_minutes()
    {
        var (user, secret, _) = await UserWithTwoFactor();
        var challenge = await Challenge(user);
        var wrong = Code(secret) == "000000" ? "111111" : "000000";
        for (var i = 0; i < AccountLimits.ChallengeAttempts; i++)
            Assert.Equal("invalid_code", (await LoginWithCode(challenge, wrong)).Code);
        var afterLimit = await LoginWithCode(challenge, Code(secret));
        Assert.Equal((401, "invalid_challenge"), (afterLimit.Status, afterLimit.Code));

        var late = await Challenge(user);
        app.Clock.Advance(AccountTokens.ChallengeLifetime);
        var expired = await LoginWithCode(late, Code(secret));
        Assert.Equal((401, "invalid_challenge"), (expired.Status, expired.Code));
    }

    [Theory]
    [InlineData("""{"code":"123456"}""", "challenge")]
    [InlineData("""{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", "code")]
    [InlineData("""{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"12345"}""", "code")]
    [InlineData("""{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"abcdef"}""", "code")]
    [InlineData("""{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":123456}""", "code")]
    public async Task Bad_two_factor_login_bodies_answer_a_named_400(string raw, string field)
    {
        var answer = await Http.Call(app.Services, app.Auth.LoginTwoFactor(Http.Request(raw: raw), default));
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
    }

    [Fact]
    public async Task A_forged_challenge_is_refused()
    {
        var answer = await LoginWithCode(SecureTokens.New(), "123456");
        Assert.Equal((401, "invalid_challenge"), (answer.Status, answer.Code));
    }

    [Fact]
    public async Task Enabling_needs_a_pending_setup_and_a_right_code_and_refuses_a_second_time()
    {
        var user = await app.SignUp();
        var noSetup = await Enable(user.Token, new { code = "123456" });
        Assert.Equal((409, "no_pending_setup"), (noSetup.Status, noSetup.Code));

        var secret = Totp.Base32Decode((await Setup(user.Token)).Str("secret"));
        var wrong = await Enable(user.Token, new { code = Code(secret, +3) });
        Assert.Equal((403, "invalid_code"), (wrong.Status, wrong.Code));
        var malformed = await Enable(user.Token, new { code = "12 34 56" });
        Assert.Equal((400, "validation_failed"), (malformed.Status, malformed.Code));
        Assert.False(await app.Scalar<bool>("select two_factor_enabled from users where id = @UserId", new { user.UserId }));
        Assert.Null(await app.Scalar<string?>("select two_factor_secret from users where id = @UserId", new { user.UserId }));

        var token = (await Enable(user.Token, new { code = Code(secret) })).Str("token");
        var again = await Setup(token);
        Assert.Equal((409, "two_factor_already_enabled"), (again.Status, again.Code));
    }

    [Fact]
    public async Task Disabling_needs_the_password_and_a_fresh_code_and_ends_every_session()
    {
        var (user, secret, token) = await UserWithTwoFactor();
        var other = await LoginWithCode(await Challenge(user), Code(secret));
        Assert.Equal(200, other.Status);
        NextStep();

        var wrongPassword = await Disable(token, new { currentPassword = "not my passphrase", code = Code(secret) });
        Assert.Equal((403, "wrong_password"), (wrongPassword.Status, wrongPassword.Code));
        var wrongCode = await Disable(token, new { currentPassword = user.Password, code = Code(secret, -3) });
        Assert.Equal((403, "invalid_code"), (wrongCode.Status, wrongCode.Code));
        var missing = await Disable(token, new { });
        Assert.Equal((400, "validation_failed"), (missing.Status, missing.Code));
        Assert.NotEmpty(missing.FieldErrors("currentPassword"));
        Assert.NotEmpty(missing.FieldErrors("code"));
        Assert.True(await app.Scalar<bool>("select two_factor_enabled from users where id = @UserId", new { user.UserId }));

        var disabled = await Disable(token, new { currentPassword = user.Password, code = Code(secret) });
        Assert.Equal(200, disabled.Status);
        Assert.Equal(401, (await app.GetMe(token)).Status);
        Assert.Equal(401, (await app.GetMe(other.Str("token"))).Status);
        Assert.Single(await app.Redis.SetMembersAsync(RedisKeys.UserSessions(user.UserId)));
        Assert.Null(await app.Scalar<string?>("select two_factor_secret from users where id = @UserId", new { user.UserId }));

        var login = await app.Login(user.Email);
        Assert.False(login.Body.GetProperty("twoFactorRequired").GetBoolean());
    }

    [Fact]
    public async Task Two_factor_changes_are_rate_limited_per_user()
    {
        var user = await app.SignUp();
        Answer last = null!;
        for (var i = 0; i <= AccountLimits.TwoFactorChangePerUser.Limit; i++)
            last = await Enable(user.Token, new { code = "000000" });
        Assert.Equal((429, "rate_limited"), (last.Status, last.Code));
    }
}
