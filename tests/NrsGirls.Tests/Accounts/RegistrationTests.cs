using Moq;
using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

public class RegistrationTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private async Task<(long Users, long Settings)> Rows() =>
        (await app.Scalar<long>("select count(*) from users"), await app.Scalar<long>("select count(*) from user_settings"));

    [Fact]
    public async Task Registration_creates_an_unverified_account_with_default_settings_and_verification_makes_it_verified()
    {
        var email = AccountFlows.NewEmail();
        var answer = await app.Register(email.ToUpperInvariant(), role: Roles.Dj);

        Assert.Equal(202, answer.Status);
        Assert.Equal("accepted", answer.Str("status"));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from users where email = @email and role = 'dj' and not verified", new { email }));
        Assert.Equal(1L, await app.Scalar<long>("""
            select count(*) from user_settings s join users u on u.id = s.user_id
            where u.email = @email and s.email_notifications and s.push_notifications and not s.newsletter_subscribed
              and s.language = 'en' and s.theme = 'light' and s.timezone is null
            """, new { email }));

        var token = app.VerificationTokens[email];
        var verified = await Http.Call(app.Services, app.Auth.VerifyEmail(Http.Request(new { token }), default));
        Assert.Equal(204, verified.Status);
        Assert.True(await app.Scalar<bool>("select verified from users where email = @email", new { email }));

        var again = await Http.Call(app.Services, app.Auth.VerifyEmail(Http.Request(new { token }), default));
        Assert.Equal(400, again.Status);
        Assert.Equal("invalid_token", again.Code);
    }

    [Fact]
    public async Task Registering_a_taken_address_in_any_case_answers_the_same_creates_nothing_and_warns_the_owner()
    {
        var email = AccountFlows.NewEmail();
        var first = await app.Register(email);
        var rows = await Rows();
        var second = await app.Register("  " + email.ToUpperInvariant(), password: "another long passphrase", role: Roles.Performer);

        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Raw, second.Raw);
        Assert.Equal(rows, await Rows());
        Assert.Equal(Roles.Viewer, await app.Scalar<string>("select role from users where email = @email", new { email }));
        Assert.Contains(email, app.RegistrationAttemptNotices);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_address_create_exactly_one_account()
    {
        var email = AccountFlows.NewEmail();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => app.Register(i % 2 == 0 ? email : email.ToUpperInvariant(), ip: Http.NewIp()))));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        Assert.Single(answers.Select(a => a.Raw).Distinct());
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from users where lower(email) = @email", new { email }));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from user_settings s join users u on u.id = s.user_id where u.email = @email", new { email }));
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // raw body, expected code, field named in the problem (or "" when it is about the body itself)
        { """{"password":"correct horse battery","role":"viewer"}""", "validation_failed", "email" },
        { """{"email":"x@example.com","role":"viewer"}""", "validation_failed", "password" },
        { """{"email":"x@example.com","password":"correct horse battery"}""", "validation_failed", "role" },
        { """{"email":"not-an-email","password":"correct horse battery","role":"viewer"}""", "validation_failed", "email" },
        { $$"""{"email":"{{new string('a', 250)}}@example.com","password":"correct horse battery","role":"viewer"}""", "validation_failed", "email" },
        { $$"""{"email":"x@example.com","password":"{{new string('p', 255)}}xy","role":"viewer"}""", "validation_failed", "password" },
        { """{"email":"x@example.com","password":"short","role":"viewer"}""", "validation_failed", "password" },
        { """{"email":"x@example.com","password":"password123","role":"viewer"}""", "validation_failed", "password" },
        { """{"email":"x@example.com","password":"correct horse battery","role":"superstar"}""", "validation_failed", "role" },
        { """{"email":"x@example.com","password":"correct horse battery","role":"admin"}""", "validation_failed", "role" },
        { """{"email":42,"password":"correct horse battery","role":"viewer"}""", "validation_failed", "email" },
        { """{"email":"x@example.com","password":["a"],"role":"viewer"}""", "validation_failed", "password" },
        { """{"email":"x@example.com","password":"correct horse battery","role":"viewer" """, "malformed_json", "" },
        { """null""", "body_required", "" },
        { "", "body_required", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_registrations_answer_a_named_400_problem_and_write_nothing(string raw, string code, string field)
    {
        var ip = Http.NewIp();
        var rows = await Rows();
        var answer = await Http.Call(app.Services, app.Auth.Register(Http.Request(raw: raw, ip: ip), default));

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(code, answer.Code);
        if (field.Length > 0) Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(rows, await Rows());
        Assert.Empty(await app.RedisKeys($"ratelimit:ip:{ip}:*"));
        Assert.DoesNotContain("x@example.com", app.VerificationTokens.Keys);
    }

    [Fact]
    public async Task Admin_self_registration_is_refused_with_a_reason()
    {
        var answer = await app.Register(AccountFlows.NewEmail(), role: Roles.Admin);
        Assert.Equal(400, answer.Status);
        Assert.Contains("create-admin", answer.FieldErrors("role")[0]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_too_large_is_refused_before_anything_else()
    {
        var wrongType = await Http.Call(app.Services, app.Auth.Register(Http.Request(raw: "email=a", contentType: "application/x-www-form-urlencoded"), default));
        Assert.Equal((415, "unsupported_media_type"), (wrongType.Status, wrongType.Code));

        var huge = await Http.Call(app.Services, app.Auth.Register(Http.Request(new { email = "x@example.com", password = new string('p', 5000), role = "viewer" }), default));
        Assert.Equal((413, "payload_too_large"), (huge.Status, huge.Code));
    }

    [Fact]
    public async Task Registration_is_limited_per_IP_per_15_minute_window_with_Retry_After()
    {
        var ip = Http.NewIp();
        for (var i = 0; i < AccountLimits.RegisterPerIp.Limit; i++)
            Assert.Equal(202, (await app.Register(AccountFlows.NewEmail(), ip: ip)).Status);

        var email = AccountFlows.NewEmail();
        var limited = await app.Register(email, ip: ip);
        Assert.Equal((429, "rate_limited"), (limited.Status, limited.Code));
        var retryAfter = int.Parse(limited.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 900);
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from users where email = @email", new { email }));
        Assert.Equal(202, (await app.Register(AccountFlows.NewEmail(), ip: Http.NewIp())).Status); // other IPs unaffected

        app.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(202, (await app.Register(email, ip: ip)).Status);
    }

    [Fact]
    public async Task The_verification_mail_and_the_duplicate_notice_go_through_the_email_seam_once_each()
    {
        var email = AccountFlows.NewEmail();
        await app.Register(email);
        await app.Register(email);
        app.Emails.Verify(e => e.SendVerificationAsync(email, It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        app.Emails.Verify(e => e.SendRegistrationAttemptAsync(email, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("""{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", 400, "invalid_token")]
    [InlineData("""{"token":"not-a-token"}""", 400, "invalid_token")]
    [InlineData("""{}""", 400, "validation_failed")]
    [InlineData("""{"token":5}""", 400, "validation_failed")]
    [InlineData("""{"token":""", 400, "malformed_json")]
    public async Task Bad_verification_requests_are_refused_by_name(string raw, int status, string code)
    {
        var answer = await Http.Call(app.Services, app.Auth.VerifyEmail(Http.Request(raw: raw), default));
        Assert.Equal((status, code), (answer.Status, answer.Code));
        Assert.Equal("application/problem+json", answer.ContentType);
    }
}
