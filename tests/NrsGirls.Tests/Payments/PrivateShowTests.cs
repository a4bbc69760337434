using NrsGirls.Functions.Payments;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

public class PrivateShowTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    private PrivateShowsApi Api => app.Function<PrivateShowsApi>();

    private async Task<TestCreator> BookableCreator(decimal price = 2.50m, bool accepts = true)
    {
        var c = await app.Creator("performer");
        var set = await Http.Call(app.Services, Api.SetPrivateShowSettings(
            Http.Request(new { pricePerMinute = price, currency = "USD", acceptsBookings = accepts }, c.Owner.Token), c.Id, default));
        Assert.True(set.Status == 200, set.Raw);
        return c;
    }

    private Task<Answer> Book(TestUser payer, TestCreator c, int minutes, DateTimeOffset startsAt, string key, string pm = SimulatedPaymentGateway.Visa) =>
        Http.Call(app.Services, Api.BookPrivateShow(PaymentsFixture.Request(new { minutes, startsAt, paymentMethod = pm }, payer.Token, key), c.Id, default));

    private Task<Answer> Act(string action, TestUser who, Guid show) => Http.Call(app.Services, action switch
    {
        "accept" => Api.AcceptPrivateShow(Http.Request(token: who.Token), show, default),
        "decline" => Api.DeclinePrivateShow(Http.Request(token: who.Token), show, default),
        "cancel" => Api.CancelPrivateShow(Http.Request(token: who.Token), show, default),
        _ => Api.GetPrivateShow(Http.Request(token: who.Token), show, default),
    });

    private static Guid ShowId(Answer a) => a.Body.GetProperty("showId").GetGuid();

    [Fact]
    public async Task A_booking_is_charged_up_front_through_the_ledger_and_the_creator_accepts_once_paid()
    {
        var creator = await BookableCreator(2.50m);
        var payer = await app.SignUp();
        var booked = await Book(payer, creator, 30, app.Clock.GetUtcNow().AddHours(2), "ps1");

        Assert.Equal(202, booked.Status);
        Assert.Equal(75.00m, booked.Body.GetProperty("amount").GetDecimal());
        var show = ShowId(booked);
        Assert.Equal((409, "private_show_not_paid"), ((await Act("accept", creator.Owner, show)).Status, (await Act("accept", creator.Owner, show)).Code));
        await app.DrainQueue();

        var accepted = await Act("accept", creator.Owner, show);
        Assert.Equal("accepted", accepted.Str("status"));
        Assert.Equal("completed", accepted.Str("paymentStatus"));
        Assert.Equal(60.00m, await app.Earnings(creator));
        Assert.Equal(403, (await Act("accept", payer, show)).Status);
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task A_declined_or_cancelled_show_is_refunded_in_full()
    {
        var creator = await BookableCreator(1m);
        var payer = await app.SignUp();
        var a = ShowId(await Book(payer, creator, 10, app.Clock.GetUtcNow().AddHours(1), "d1"));
        var b = ShowId(await Book(payer, creator, 10, app.Clock.GetUtcNow().AddHours(3), "d2"));
        await app.DrainQueue();
        Assert.Equal(16m, await app.Earnings(creator));

        var declined = await Act("decline", creator.Owner, a);
        Assert.Equal("accepted", (await Act("accept", creator.Owner, b)).Str("status"));
        var cancelled = await Act("cancel", payer, b);

        Assert.Equal(("declined", true), (declined.Str("status"), declined.Body.GetProperty("refunded").GetBoolean()));
        Assert.Equal(("cancelled", "refunded"), (cancelled.Str("status"), cancelled.Str("paymentStatus")));
        Assert.Equal(0m, await app.Earnings(creator));
        Assert.Equal((409, "private_show_wrong_state"), ((await Act("cancel", payer, a)).Status, (await Act("cancel", payer, a)).Code));
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task An_unanswered_show_expires_at_its_start_and_is_refunded_even_if_its_charge_completes_late()
    {
        var creator = await BookableCreator(1m);
        var payer = await app.SignUp();
        var show = ShowId(await Book(payer, creator, 10, app.Clock.GetUtcNow().AddMinutes(30), "x1"));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await app.Get<PrivateShowLifecycle>().SettleAsync(default);
        Assert.Equal("expired", (await Act("get", payer, show)).Str("status"));
        Assert.False((await Act("get", payer, show)).Body.GetProperty("refunded").GetBoolean()); // still pending at the provider

        await app.DrainQueue();
        await app.Get<PrivateShowLifecycle>().SettleAsync(default);

        var after = await Act("get", payer, show);
        Assert.Equal(("expired", "refunded", true), (after.Str("status"), after.Str("paymentStatus"), after.Body.GetProperty("refunded").GetBoolean()));
        Assert.Equal(0m, await app.Earnings(creator));
    }

    [Fact]
    public async Task Overlapping_accepted_shows_are_refused_by_the_database()
    {
        var creator = await BookableCreator(1m);
        var p1 = await app.SignUp();
        var p2 = await app.SignUp();
        var start = app.Clock.GetUtcNow().AddHours(5);
        var s1 = ShowId(await Book(p1, creator, 60, start, "o1"));
        var s2 = ShowId(await Book(p2, creator, 60, start.AddMinutes(30), "o2"));
        var s3 = ShowId(await Book(p2, creator, 30, start.AddMinutes(60), "o3")); // starts as s1 ends: no overlap
        await app.DrainQueue();

        var results = await Task.WhenAll(Act("accept", creator.Owner, s1), Act("accept", creator.Owner, s2));
        Assert.Single(results, r => r.Status == 200);
        Assert.Single(results, r => r.Code == "private_show_overlaps");
        var winner = results[0].Status == 200 ? s1 : s2;
        Assert.Equal(winner == s1 ? 200 : 409, (await Act("accept", creator.Owner, s3)).Status);
    }

    [Fact]
    public async Task Bad_bookings_write_nothing()
    {
        var creator = await BookableCreator();
        var closed = await BookableCreator(accepts: false);
        var payer = await app.SignUp();
        var now = app.Clock.GetUtcNow();

        Assert.NotEmpty((await Book(payer, creator, 0, now.AddHours(1), "b1")).FieldErrors("minutes"));
        Assert.NotEmpty((await Book(payer, creator, 481, now.AddHours(1), "b2")).FieldErrors("minutes"));
        Assert.NotEmpty((await Book(payer, creator, 10, now.AddMinutes(-1), "b3")).FieldErrors("startsAt"));
        Assert.Equal("private_shows_not_offered", (await Book(payer, closed, 10, now.AddHours(1), "b4")).Code);
        Assert.Equal("cannot_pay_yourself", (await Book(creator.Owner, creator, 10, now.AddHours(1), "b5")).Code);
        Assert.Equal("idempotency_key_required", (await Http.Call(app.Services, Api.BookPrivateShow(
            PaymentsFixture.Request(new { minutes = 10, startsAt = now.AddHours(1), paymentMethod = "pm_card_visa" }, payer.Token), creator.Id, default))).Code);
        var stranger = await app.SignUp();
        Assert.Equal(403, (await Http.Call(app.Services, Api.SetPrivateShowSettings(
            Http.Request(new { pricePerMinute = 1m, currency = "USD", acceptsBookings = true }, stranger.Token), creator.Id, default))).Status);
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from private_shows where payer_id = @UserId", payer));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId", payer));
    }
}
