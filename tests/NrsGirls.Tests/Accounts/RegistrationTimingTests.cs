using System.Diagnostics;
using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

/// <summary>
/// The paths that could reveal an account by being fast do one bcrypt's worth of work. A lower bound
/// only: slowness elsewhere cannot make it fail, skipping the hash can. Cost 10 makes a hash long enough
/// (tens of milliseconds) to stand out from the database and Redis round trips.
/// </summary>
public class RegistrationTimingTests(RegistrationTimingTests.SlowHashFixture app) : IClassFixture<RegistrationTimingTests.SlowHashFixture>
{
    public sealed class SlowHashFixture : AccountsFixture
    {
        protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["NRSGIRLS_BCRYPT_COST"] = "10" };
    }

    private static async Task<TimeSpan> Time(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed;
    }

    [Fact]
    public async Task A_taken_address_and_an_unknown_login_each_cost_at_least_one_hash()
    {
        var hasher = app.Services.GetRequiredService<PasswordHasher>();
        Assert.Equal(10, hasher.Cost);
        hasher.VerifyNobody("warm up");
        var oneHash = await Time(() => Task.Run(() => hasher.Hash(AccountFlows.Password)));

        var email = AccountFlows.NewEmail();
        await app.Register(email);
        var duplicate = await Time(() => app.Register(email));
        var unknown = await Time(() => app.Login(AccountFlows.NewEmail()));

        Assert.True(duplicate >= oneHash / 2, $"duplicate registration took {duplicate.TotalMilliseconds} ms, one hash {oneHash.TotalMilliseconds} ms");
        Assert.True(unknown >= oneHash / 2, $"unknown-address login took {unknown.TotalMilliseconds} ms, one hash {oneHash.TotalMilliseconds} ms");
    }
}
