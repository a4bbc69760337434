using NrsGirls.Shared.Accounts;

namespace NrsGirls.Tests.Accounts;

/// <summary>The sign-in limits of docs/accounts.md: guessing bounded, the owner never locked out by strangers.</summary>
public class LoginLimitTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    private const string Wrong = "not the passphrase";
    private static readonly TimeSpan Window = AccountLimits.LoginPerAccountBeforeSlowdown.Window;
    private static int BeforeSlowdown => AccountLimits.LoginPerAccountBeforeSlowdown.Limit;
    private static int Ceiling => AccountLimits.LoginPerAccountCeiling.Limit;

    /// <summary>Wrong passwords from one address until refused: how many were checked (401) before the 429.</summary>
    private async Task<int> GuessUntilRefused(string email, string ip)
    {
        for (var checkedGuesses = 0; checkedGuesses <= AccountLimits.LoginPerAccountAddress.Limit; checkedGuesses++)
        {
            var answer = await app.Login(email, Wrong, ip: ip);
            if (answer.Status == 429) return checkedGuesses;
            Assert.Equal((401, "invalid_credentials"), (answer.Status, answer.Code));
        }
        throw new Xunit.Sdk.XunitException($"{ip} was never refused: the per-(account, address) limit did not hold.");
    }

    [Fact]
    public async Task An_attacker_with_many_addresses_cannot_lock_the_owner_out_and_gets_a_bounded_number_of_guesses_an_hour()
    {
        var owner = await app.SignUp();
        const int addresses = 30;
        var attacker = Enumerable.Range(0, addresses).Select(_ => Http.NewIp()).ToList();
        var windows = (int)(TimeSpan.FromHours(1) / Window);
        var guesses = 0;
        for (var w = 0; w < windows; w++)
        {
            foreach (var ip in attacker) guesses += await GuessUntilRefused(owner.Email, ip);
            // In the middle of the attack the owner signs in at once, from an address never used before and from a known one.
            Assert.Equal(200, (await app.Login(owner.Email, ip: Http.NewIp())).Status);
            Assert.Equal(200, (await app.Login(owner.Email, ip: owner.Ip)).Status);
            app.Clock.Advance(Window);
        }
        // Per window: the attempts before the slowdown, then one per further address (docs/accounts.md):
        // 4 × (10 + 30) = 160 an hour at most for 30 addresses, where the old per-account lock allowed 40
        // but locked the owner out for good.
        Assert.Equal(4, windows);
        Assert.InRange(guesses, windows * addresses, windows * Math.Min(Ceiling, BeforeSlowdown + addresses));
    }

    [Fact]
    public async Task Past_the_ceiling_a_fresh_address_waits_for_the_window_while_a_known_one_signs_in()
    {
        var owner = await app.SignUp();
        var guesses = 0;
        for (var i = 0; i < Ceiling + 20; i++) guesses += await GuessUntilRefused(owner.Email, Http.NewIp());
        // The owner's first sign-in (at sign-up, from an address then unknown) was the first attempt counted.
        Assert.Equal(Ceiling - 1, guesses);

        var fresh = await app.Login(owner.Email, ip: Http.NewIp());
        Assert.Equal((429, "rate_limited"), (fresh.Status, fresh.Code));
        var retryAfter = int.Parse(fresh.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)Window.TotalSeconds);
        Assert.Equal(200, (await app.Login(owner.Email, ip: owner.Ip)).Status);

        app.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(200, (await app.Login(owner.Email, ip: Http.NewIp())).Status);
    }

    [Fact]
    public async Task During_an_attack_an_owner_who_mistypes_at_a_fresh_address_waits_at_most_until_the_window_ends()
    {
        var owner = await app.SignUp();
        for (var i = 0; i < 5; i++) await GuessUntilRefused(owner.Email, Http.NewIp());

        var ip = Http.NewIp();
        Assert.Equal(401, (await app.Login(owner.Email, Wrong, ip: ip)).Status);
        var again = await app.Login(owner.Email, ip: ip);
        Assert.Equal(429, again.Status);
        var retryAfter = int.Parse(again.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)Window.TotalSeconds);

        app.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(200, (await app.Login(owner.Email, ip: ip)).Status);
    }

    [Fact]
    public async Task An_address_with_no_account_meets_exactly_the_same_limits_as_one_with_an_account()
    {
        var real = AccountFlows.NewEmail();
        Assert.Equal(202, (await app.Register(real)).Status);
        var nobody = AccountFlows.NewEmail();

        async Task<List<(int, string?)>> Answers(string email)
        {
            var answers = new List<(int, string?)>();
            foreach (var ip in Enumerable.Range(0, 3).Select(_ => Http.NewIp()))
                for (var i = 0; i < AccountLimits.LoginPerAccountAddress.Limit + 2; i++)
                {
                    var a = await app.Login(email, Wrong, ip: ip);
                    answers.Add((a.Status, a.Code));
                }
            return answers;
        }

        var forReal = await Answers(real);
        Assert.Contains((429, "rate_limited"), forReal);
        Assert.Equal(forReal, await Answers(nobody));
    }

    [Fact]
    public void IPv6_clients_are_counted_per_64_block_and_mapped_IPv4_as_IPv4()
    {
        static string Of(string ip) => LoginThrottle.AddressOf(new ClientInfo(ip, null));
        Assert.Equal(Of("2001:db8:1:2:aaaa::1"), Of("2001:db8:1:2:ffff:1:2:3"));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2:aaaa::1"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
        Assert.Equal("10.1.2.3", Of("::ffff:10.1.2.3"));
        Assert.Equal("10.1.2.3", Of("10.1.2.3"));
    }
}
