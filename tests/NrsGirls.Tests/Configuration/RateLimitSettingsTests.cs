using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Redis;
using NrsGirls.Tests.Accounts;

namespace NrsGirls.Tests.Configuration;

public class RateLimitSettingsTests
{
    private static (RateLimitOptions Options, List<string> Problems) Parse(string? raw)
    {
        var problems = new List<string>();
        return (RateLimitSettings.Parse(raw, RateLimitPolicies.Declared, problems), problems);
    }

    [Fact]
    public void Every_limit_is_declared_once_with_its_default_and_every_one_can_be_set()
    {
        var declared = RateLimitPolicies.Declared.ToDictionary(p => p.Name);
        Assert.Equal(30, declared["auth.login"].Limit);
        Assert.Equal(10, declared["auth.register"].Limit);
        Assert.Equal(60, declared["me.settings"].Limit);
        // The features' policies too (a *Limits class is what makes a policy declared and settable).
        Assert.Equal((300, 30, 3), (declared["creators.follow"].Limit, declared["reports.create"].Limit, declared["tracks.play"].Limit));
        Assert.All(declared.Values, p => Assert.Equal(RateLimitPolicy.DefaultWindow, p.Window));
        Assert.Contains(AccountLimits.LoginPerAccountCeiling, declared.Values);
        var (options, problems) = Parse("reports.create=5,tracks.play=10/1h");
        Assert.Empty(problems);
        Assert.Equal((5, 10), (options.Overrides["reports.create"].Limit, options.Overrides["tracks.play"].Limit));
    }

    [Fact]
    public void Empty_keeps_the_defaults_and_entries_override_a_limit_and_optionally_the_window()
    {
        Assert.Empty(Parse(null).Options.Overrides);
        Assert.Empty(Parse("  ").Options.Overrides);

        var (options, problems) = Parse("auth.login=60, me.settings = 120/1h,auth.verify=5/90s");
        Assert.Empty(problems);
        var policies = new RateLimitPolicies(options);
        Assert.Equal(new RateLimitPolicy("auth.login", 60, TimeSpan.FromMinutes(15)), policies[AccountLimits.LoginPerIp]);
        Assert.Equal(new RateLimitPolicy("me.settings", 120, TimeSpan.FromHours(1)), policies[AccountLimits.SettingsChangePerUser]);
        Assert.Equal(TimeSpan.FromSeconds(90), policies[AccountLimits.VerifyPerIp].Window);
        Assert.Equal(AccountLimits.RegisterPerIp, policies[AccountLimits.RegisterPerIp]);
    }

    [Theory]
    [InlineData("auth.nope=5", "unknown policy 'auth.nope'")]
    [InlineData("auth.login=0", "the limit of 'auth.login'")]
    [InlineData("auth.login=-3", "'auth.login=-3' must look like")]
    [InlineData("auth.login=many", "'auth.login=many' must look like")]
    [InlineData("auth.login=2000000", "the limit of 'auth.login'")]
    [InlineData("auth.login=5/0m", "the window of 'auth.login'")]
    [InlineData("auth.login=5/25h", "the window of 'auth.login'")]
    [InlineData("auth.login=5/15x", "'auth.login=5/15x' must look like")]
    [InlineData("auth.login", "'auth.login' must look like")]
    [InlineData("auth.login=5,auth.login=6", "'auth.login' is set twice")]
    public void A_bad_entry_is_refused_by_name(string raw, string expected)
    {
        var (_, problems) = Parse(raw);
        var problem = Assert.Single(problems);
        Assert.Contains(SettingNames.RateLimits, problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Start_up_fails_on_a_bad_rate_limit_with_a_configuration_exception_naming_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.RateLimits] = "auth.nope=5,me.delete=0" }).Build();
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Bind(configuration));
        Assert.Contains(ex.Problems, p => p.Contains("unknown policy 'auth.nope'"));
        Assert.Contains(ex.Problems, p => p.Contains("the limit of 'me.delete'"));
    }
}

/// <summary>The app with registration limited to 2 an hour per address.</summary>
public sealed class RateLimitOverrideFixture : AccountsFixture
{
    protected override IDictionary<string, string?> Overrides =>
        new Dictionary<string, string?> { [SettingNames.RateLimits] = "auth.register=2/1h" };
}

public class RateLimitOverrideTests(RateLimitOverrideFixture app) : IClassFixture<RateLimitOverrideFixture>
{
    [Fact]
    public async Task An_overridden_limit_and_window_take_effect()
    {
        var inForce = app.Services.GetRequiredService<RateLimitPolicies>();
        Assert.Equal(new RateLimitPolicy("auth.register", 2, TimeSpan.FromHours(1)), inForce[AccountLimits.RegisterPerIp]);
        Assert.Equal(AccountLimits.VerifyPerIp, inForce[AccountLimits.VerifyPerIp]);

        // To the start of an hour, so that the hour-long window has all of its 3600 seconds left.
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        app.Clock.Advance(TimeSpan.FromSeconds(3600 - now % 3600));
        var ip = Http.NewIp();
        Assert.Equal(202, (await app.Register(AccountFlows.NewEmail(), ip: ip)).Status);
        Assert.Equal(202, (await app.Register(AccountFlows.NewEmail(), ip: ip)).Status);
        var limited = await app.Register(AccountFlows.NewEmail(), ip: ip);
        Assert.Equal((429, "rate_limited"), (limited.Status, limited.Code));
        Assert.Equal("3600", limited.Headers.RetryAfter.ToString());

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(429, (await app.Register(AccountFlows.NewEmail(), ip: ip)).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(202, (await app.Register(AccountFlows.NewEmail(), ip: ip)).Status);
    }
}
