using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Redis;


namespace NrsGirls.Tests.Accounts;

public class MeTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private Task<Answer> Patch(string token, object? body = null, string? raw = null) =>
        Http.Call(app.Services, app.Me.UpdateMe(Http.Request(body, token, raw: raw), default));
    private Task<Answer> Delete(string token, object body) => Http.Call(app.Services, app.Me.DeleteMe(Http.Request(body, token), default));
    private Task<Answer> ChangePassword(string token, object body) => Http.Call(app.Services, app.Me.ChangePassword(Http.Request(body, token), default));
    private Task<Answer> GetSettings(string token) => Http.Call(app.Services, app.Settings.GetMySettings(Http.Request(token: token), default));
    private Task<Answer> PutSettings(string token, object? body = null, string? raw = null) =>
        Http.Call(app.Services, app.Settings.ReplaceMySettings(Http.Request(body, token, raw: raw), default));

    private static object Settings(string theme = "dark", string language = "pt-BR", string? timezone = "Europe/Berlin") => new
    {
        emailNotifications = false, pushNotifications = true, newsletterSubscribed = true, language, timezone, theme,
        notificationPreferences = new { tip = new { email = true }, follow = new { inApp = false, push = false } }, privacyPreferences = new { showOnline = false },
    };

    private async Task<string> UserRow(Guid id) =>
        await app.Scalar<string>("select row(u.*)::text || (select row(s.*)::text from user_settings s where s.user_id = u.id) from users u where id = @id", new { id });

    [Fact]
    public async Task Changing_the_email_needs_the_password_resets_verified_and_sends_a_new_verification()
    {
        var user = await app.SignUp();
        await app.Scalar<int>("update users set verified = true where id = @UserId", new { user.UserId });
        var newEmail = AccountFlows.NewEmail();

        var changed = await Patch(user.Token, new { email = newEmail.ToUpperInvariant(), currentPassword = user.Password });
        Assert.Equal(200, changed.Status);
        Assert.Equal(newEmail, changed.Str("email"));
        Assert.False(changed.Body.GetProperty("verified").GetBoolean());
        Assert.True(app.VerificationTokens.ContainsKey(newEmail));
        Assert.Equal(200, (await app.Login(newEmail)).Status);
        Assert.Equal(401, (await app.Login(user.Email)).Status);
    }

    [Fact]
    public async Task Email_changes_are_refused_by_name_and_write_nothing()
    {
        var user = await app.SignUp();
        var taken = await app.SignUp();
        var before = await UserRow(user.UserId);

        Assert.Equal((403, "wrong_password"), await Code(Patch(user.Token, new { email = AccountFlows.NewEmail(), currentPassword = "not my passphrase" })));
        Assert.Equal((409, "email_unavailable"), await Code(Patch(user.Token, new { email = taken.Email.ToUpperInvariant(), currentPassword = user.Password })));
        Assert.Equal((400, "validation_failed"), await Code(Patch(user.Token, new { email = "nope", currentPassword = user.Password })));
        Assert.Equal((400, "validation_failed"), await Code(Patch(user.Token, new { email = AccountFlows.NewEmail() })));
        Assert.Equal((400, "validation_failed"), await Code(Patch(user.Token, new { email = new string('e', 300) + "@example.com", currentPassword = user.Password })));
        Assert.Equal((400, "malformed_json"), await Code(Patch(user.Token, raw: "{\"email\":")));
        Assert.Equal((415, "unsupported_media_type"), await Code(Patch(user.Token)));

        var role = await Patch(user.Token, new { role = "admin", verified = true, email = AccountFlows.NewEmail(), currentPassword = user.Password });
        Assert.Equal(400, role.Status);
        Assert.Contains("cannot be changed", role.FieldErrors("role")[0]);
        Assert.NotEmpty(role.FieldErrors("verified"));

        Assert.Equal(before, await UserRow(user.UserId));
    }

    [Fact]
    public async Task Changing_the_password_ends_every_session_and_opens_a_new_one()
    {
        var user = await app.SignUp();
        var second = (await app.Login(user.Email)).Str("token");
        const string newPassword = "a brand new long passphrase";

        Assert.Equal((403, "wrong_password"), await Code(ChangePassword(user.Token, new { currentPassword = "wrong passphrase!", newPassword })));
        Assert.Equal((400, "validation_failed"), await Code(ChangePassword(user.Token, new { currentPassword = user.Password, newPassword = "short" })));
        Assert.Equal((400, "validation_failed"), await Code(ChangePassword(user.Token, new { currentPassword = user.Password, newPassword = new string('x', 300) })));
        Assert.Equal((400, "validation_failed"), await Code(ChangePassword(user.Token, new { newPassword })));
        Assert.Equal(200, (await app.GetMe(second)).Status);

        var changed = await ChangePassword(user.Token, new { currentPassword = user.Password, newPassword });
        Assert.Equal(200, changed.Status);
        Assert.Equal(401, (await app.GetMe(user.Token)).Status);
        Assert.Equal(401, (await app.GetMe(second)).Status);
        Assert.Equal(200, (await app.GetMe(changed.Str("token"))).Status);
        Assert.Equal(401, (await app.Login(user.Email)).Status);
        Assert.Equal(200, (await app.Login(user.Email, newPassword)).Status);
    }

    [Fact]
    public async Task Deleting_the_account_soft_deletes_anonymizes_and_ends_every_session()
    {
        var user = await app.SignUp();
        Assert.Equal((403, "wrong_password"), await Code(Delete(user.Token, new { currentPassword = "not my passphrase" })));
        Assert.Equal((400, "validation_failed"), await Code(Delete(user.Token, new { })));
        Assert.Null(await app.Scalar<DateTime?>("select deleted_at from users where id = @UserId", new { user.UserId }));

        Assert.Equal(204, (await Delete(user.Token, new { currentPassword = user.Password })).Status);
        Assert.Equal($"deleted+{user.UserId:D}@invalid", await app.Scalar<string>("select email from users where id = @UserId and deleted_at is not null", new { user.UserId }));
        Assert.Equal(401, (await app.GetMe(user.Token)).Status);
        Assert.False(await app.Redis.KeyExistsAsync(RedisKeys.UserSessions(user.UserId)));
        Assert.Equal(401, (await app.Login(user.Email)).Status);

        // The address is free again: a new account can use it.
        Assert.Equal(202, (await app.Register(user.Email)).Status);
        Assert.Equal(200, (await app.Login(user.Email)).Status);
    }

    [Fact]
    public async Task Settings_start_with_the_seed_defaults_and_are_replaced_whole()
    {
        var user = await app.SignUp();
        var defaults = await GetSettings(user.Token);
        Assert.Equal(200, defaults.Status);
        Assert.True(defaults.Body.GetProperty("emailNotifications").GetBoolean());
        Assert.Equal("en", defaults.Str("language"));
        Assert.Equal("light", defaults.Str("theme"));
        Assert.Equal("{}", defaults.Body.GetProperty("notificationPreferences").GetRawText());

        var put = await PutSettings(user.Token, Settings());
        Assert.Equal(200, put.Status);
        var after = await GetSettings(user.Token);
        Assert.False(after.Body.GetProperty("emailNotifications").GetBoolean());
        Assert.Equal("dark", after.Str("theme"));
        Assert.Equal("pt-BR", after.Str("language"));
        Assert.Equal("Europe/Berlin", after.Str("timezone"));
        Assert.Equal(200, (await PutSettings(user.Token, Settings(timezone: "America/Argentina/Buenos_Aires"))).Status);
        Assert.Equal(200, (await PutSettings(user.Token, Settings(timezone: null))).Status);
        Assert.False(after.Body.GetProperty("notificationPreferences").GetProperty("follow").GetProperty("inApp").GetBoolean());
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { """{"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light"}""", "emailNotifications" },
        { """{"emailNotifications":"yes","pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light"}""", "emailNotifications" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"english-please","theme":"light"}""", "language" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"neon"}""", "theme" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","timezone":"Mars/Olympus"}""", "timezone" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","timezone":"../../../etc/passwd"}""", "timezone" },
        { $$"""{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","timezone":"{{new string('z', 60)}}"}""", "timezone" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","privacyPreferences":[1,2]}""", "privacyPreferences" },
        { $$$"""{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":{"x":"{{{new string('x', 5000)}}}"}}""", "notificationPreferences" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":{"tips":{"email":true}}}""", "notificationPreferences.tips" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":{"tip":true}}""", "notificationPreferences.tip" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":{"tip":{"sms":true}}}""", "notificationPreferences.tip.sms" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":{"tip":{"email":"yes"}}}""", "notificationPreferences.tip.email" },
        { """{"emailNotifications":true,"pushNotifications":true,"newsletterSubscribed":false,"language":"en","theme":"light","notificationPreferences":[]}""", "notificationPreferences" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_answer_a_named_400_and_write_nothing(string raw, string field)
    {
        var user = await app.SignUp();
        var before = await UserRow(user.UserId);
        var answer = await PutSettings(user.Token, raw: raw);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(before, await UserRow(user.UserId));
        Assert.Empty(await app.RedisKeys($"ratelimit:{user.UserId:D}:*"));
    }

    [Fact]
    public async Task One_user_cannot_read_or_change_another_users_account_or_settings()
    {
        var alice = await app.SignUp();
        var bob = await app.SignUp(Roles.Dj);
        var bobBefore = await UserRow(bob.UserId);

        Assert.Equal(alice.UserId, (await app.GetMe(alice.Token)).Body.GetProperty("id").GetGuid());
        Assert.Equal(200, (await PutSettings(alice.Token, Settings(theme: "system"))).Status);
        Assert.Equal(200, (await Patch(alice.Token, new { email = AccountFlows.NewEmail(), currentPassword = alice.Password })).Status);
        // Alice cannot use Bob's password to act on Bob: it is checked against the caller's own account.
        Assert.Equal(403, (await Patch(alice.Token, new { email = AccountFlows.NewEmail(), currentPassword = "unused" + bob.Password })).Status);

        Assert.Equal(bobBefore, await UserRow(bob.UserId));
        Assert.Equal("light", (await GetSettings(bob.Token)).Str("theme"));
        Assert.Equal(bob.Email, (await app.GetMe(bob.Token)).Str("email"));
    }

    private static async Task<(int, string?)> Code(Task<Answer> call)
    {
        var a = await call;
        Assert.Equal("application/problem+json", a.ContentType);
        return (a.Status, a.Code);
    }
}
