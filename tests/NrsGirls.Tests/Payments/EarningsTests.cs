using NrsGirls.Functions.Payments;

namespace NrsGirls.Tests.Payments;

public class EarningsTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    [Fact]
    public async Task Earnings_split_pending_and_available_by_the_hold_period_per_currency_for_the_owner_and_admins_only()
    {
        var creator = await app.Creator("performer");
        var payer = await app.SignUp();
        await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(10m), "e1");
        await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(20m, currency: "EUR"), "e2");
        await app.DrainQueue();
        app.Clock.Advance(TimeSpan.FromDays(8));
        creator = creator with { Owner = creator.Owner with { Token = (await app.Login(creator.Owner.Email, ip: creator.Owner.Ip)).Str("token") } };
        payer = payer with { Token = (await app.Login(payer.Email, ip: payer.Ip)).Str("token") };
        await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(5m), "e3");
        await app.DrainQueue();

        var mine = await Http.Call(app.Services, app.Function<EarningsApi>().GetEarnings(Http.Request(token: creator.Owner.Token), creator.Id, default));
        var other = await Http.Call(app.Services, app.Function<EarningsApi>().GetEarnings(Http.Request(token: payer.Token), creator.Id, default));
        var admin = await app.Admin();
        var byAdmin = await Http.Call(app.Services, app.Function<EarningsApi>().GetEarnings(Http.Request(token: admin.Token), creator.Id, default));

        Assert.Equal(200, mine.Status);
        Assert.Equal(403, other.Status);
        Assert.Equal(200, byAdmin.Status);
        var list = mine.Body.GetProperty("currencies").EnumerateArray().ToDictionary(c => c.GetProperty("currency").GetString()!);
        Assert.Equal(16m, list["EUR"].GetProperty("available").GetDecimal());
        Assert.Equal(0m, list["EUR"].GetProperty("pending").GetDecimal());
        Assert.Equal(8m, list["USD"].GetProperty("available").GetDecimal());
        Assert.Equal(4m, list["USD"].GetProperty("pending").GetDecimal());
        Assert.Equal(15m, list["USD"].GetProperty("lifetimeGross").GetDecimal());
        Assert.Equal(3m, list["USD"].GetProperty("lifetimeFees").GetDecimal());
        Assert.Equal(12m, list["USD"].GetProperty("lifetimeNet").GetDecimal());
    }

    [Fact]
    public async Task My_transactions_are_the_payers_own_newest_first_with_a_keyset_cursor()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var stranger = await app.SignUp();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(1m + i), $"m{i}")).Str("transactionId"));
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        ids.Reverse();

        var (seen, _) = await Pages.AllAsync(next =>
        {
            var r = Http.Request(token: payer.Token);
            r.QueryString = new Microsoft.AspNetCore.Http.QueryString("?limit=2" + next);
            return Http.Call(app.Services, app.Function<EarningsApi>().ListMyTransactions(r, default));
        });

        Assert.Equal(ids, seen);
        var bad = Http.Request(token: payer.Token);
        bad.QueryString = new Microsoft.AspNetCore.Http.QueryString("?cursor=%%%");
        Assert.Equal("invalid_cursor", (await Http.Call(app.Services, app.Function<EarningsApi>().ListMyTransactions(bad, default))).Code);
        foreach (var (query, status) in new[] { ("?limit=0", 400), ("?limit=ten", 400), ("?limit=%2B5", 400), ("?limit=2&limit=3", 400), ("?limit=99999999999", 200) })
        {
            var r = Http.Request(token: payer.Token);
            r.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            var answer = await Http.Call(app.Services, app.Function<EarningsApi>().ListMyTransactions(r, default));
            Assert.Equal((query, status), (query, answer.Status));
            if (status == 400) Assert.NotEmpty(answer.FieldErrors("limit"));
            else Assert.Equal(5, answer.Body.GetProperty("items").GetArrayLength());
        }
        var others = await Http.Call(app.Services, app.Function<EarningsApi>().GetMyTransaction(Http.Request(token: stranger.Token), Guid.Parse(ids[0]), default));
        Assert.Equal((404, "transaction_not_found"), (others.Status, others.Code));
    }
}
