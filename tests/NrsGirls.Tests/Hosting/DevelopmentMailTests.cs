using Microsoft.Extensions.Logging.Abstractions;
using NrsGirls.Functions;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Tests.Hosting;

/// <summary>
/// Issue 8: a newcomer can finish e-mail verification locally. With NRSGIRLS_DEV_MAIL_DIR set (dev.sh
/// sets it), the production app writes each mail as a .eml file holding the token; without it (as in
/// production) nothing is written and mail is only logged.
/// </summary>
public class DevelopmentMailTests(DevelopmentMailTests.MailHost app) : IClassFixture<DevelopmentMailTests.MailHost>
{
    public sealed class MailHost : ProductionHostFixture
    {
        private readonly string _id = Guid.NewGuid().ToString("N")[..12];
        // Inside the run's scratch folder, removed when the run ends.
        public string MailDirectory => Path.Combine(Env.Scratch, "mail-" + _id);

        protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>(base.Overrides)
        {
            [SettingNames.DevMailDir] = MailDirectory,
        };
    }

    private Task<HttpResponseMessage> Post(string path, object body) =>
        app.Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Registering_writes_a_readable_eml_whose_token_verifies_the_address()
    {
        var email = AccountFlows.NewEmail();
        using var registered = await Post("api/auth/register", new { email, password = AccountFlows.Password, role = "viewer" });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);

        var file = Assert.Single(Directory.GetFiles(app.MailDirectory, "*.eml"), f => Path.GetFileName(f).Contains(email, StringComparison.Ordinal));
        Assert.Matches(@"^\d{8}T\d{6}\.\d{7}-", Path.GetFileName(file));
        var text = await File.ReadAllTextAsync(file);
        var (head, body) = (text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)], text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var headers = head.Split("\r\n").Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal($"<{email}>", headers["To"]);
        Assert.Equal("Confirm your NrsGirls e-mail address", headers["Subject"]);
        Assert.StartsWith("text/plain; charset=utf-8", headers["Content-Type"]);
        var token = headers["X-NrsGirls-Verification-Token"];
        Assert.Contains(token, body);
        Assert.Contains("/api/auth/verify", body);

        using var verified = await Post("api/auth/verify", new { token });
        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
        Assert.True(await app.Scalar<bool>("select verified from users where email = @email", new { email }));
    }

    [Fact]
    public async Task Registering_an_address_again_writes_the_owner_a_notice_without_a_token()
    {
        var email = AccountFlows.NewEmail();
        (await Post("api/auth/register", new { email, password = AccountFlows.Password, role = "viewer" })).Dispose();
        (await Post("api/auth/register", new { email, password = AccountFlows.Password, role = "viewer" })).Dispose();

        var texts = Directory.GetFiles(app.MailDirectory, "*.eml").Where(f => f.Contains(email, StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        Assert.Equal(2, texts.Count);
        var notice = Assert.Single(texts, t => t.Contains("Subject: Someone tried to register", StringComparison.Ordinal));
        Assert.DoesNotContain("X-NrsGirls-Verification-Token", notice);
    }

    [Fact]
    public void Without_the_setting_mail_is_only_logged_and_a_relative_folder_is_under_the_repository_root()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNrsGirlsFunctions(app.Env.Configuration(app.Database));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<LoggingEmailSender>(provider.GetRequiredService<IEmailSender>());

        var sender = new DevelopmentMailSender(new DevMailOptions { Directory = ".local/mail" }, TimeProvider.System, NullLogger<DevelopmentMailSender>.Instance);
        Assert.Equal(Path.Combine(app.Env.RepoRoot, ".local", "mail"), sender.Directory);
    }
}
