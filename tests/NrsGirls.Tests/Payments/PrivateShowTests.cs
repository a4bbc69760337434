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

    private Task<Answer> Settings(TestCreator c, string token, string raw) =>
        Http.Call(app.Services, Api.SetPrivateShowSettings(Http.Request(token: token, raw: raw), c.Id, default));

    private Task<Answer> BookRaw(TestUser payer, TestCreator c, string raw, string key) =>
        Http.Call(app.Services, Api.BookPrivateShow(PaymentsFixture.Request(null, payer.Token, key, raw: raw), c.Id, default));

    [Theory]
    [InlineData("""{"currency":"USD","acceptsBookings":true}""", "pricePerMinute")]
    [InlineData("""{"pricePerMinute":-1,"currency":"USD","acceptsBookings":true}""", "pricePerMinute")]
    [InlineData("""{"pricePerMinute":1.005,"currency":"USD","acceptsBookings":true}""", "pricePerMinute")]
    [InlineData("""{"pricePerMinute":1000.01,"currency":"USD","acceptsBookings":true}""", "pricePerMinute")]
    [InlineData("""{"pricePerMinute":2,"currency":"usd","acceptsBookings":true}""", "currency")]
    [InlineData("""{"pricePerMinute":2,"acceptsBookings":true}""", "currency")]
    [InlineData("""{"pricePerMinute":2,"currency":"USD"}""", "acceptsBookings")]
    [InlineData("""{"pricePerMinute":"two","currency":"USD","acceptsBookings":true}""", "pricePerMinute")]
    public async Task Bad_private_show_terms_name_the_field_and_keep_the_old_terms(string raw, string field)
    {
        var creator = await BookableCreator(2.50m);
        var answer = await Settings(creator, creator.Owner.Token, raw);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(2.50m, await app.Scalar<decimal>("select price_per_minute from private_show_settings where creator_id = @Id", creator));
        var unknown = await Http.Call(app.Services, Api.SetPrivateShowSettings(
            Http.Request(new { pricePerMinute = 1m, currency = "USD", acceptsBookings = true }, creator.Owner.Token), Guid.NewGuid(), default));
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Bad_booking_bodies_name_the_field_and_a_reused_key_with_another_body_is_422()
    {
        var creator = await BookableCreator();
        var payer = await app.SignUp();
        var at = app.Clock.GetUtcNow().AddHours(1).ToString("O");
        foreach (var (raw, field) in new[]
        {
            ($$"""{"startsAt":"{{at}}","paymentMethod":"pm_card_visa"}""", "minutes"),
            ($$"""{"minutes":"ten","startsAt":"{{at}}","paymentMethod":"pm_card_visa"}""", "minutes"),
            ("""{"minutes":10,"paymentMethod":"pm_card_visa"}""", "startsAt"),
            ($$"""{"minutes":10,"startsAt":"{{at}}"}""", "paymentMethod"),
            ($$"""{"minutes":10,"startsAt":"{{app.Clock.GetUtcNow().AddDays(91):O}}","paymentMethod":"pm_card_visa"}""", "startsAt"),
        })
        {
            var answer = await BookRaw(payer, creator, raw, "k-" + Guid.NewGuid());
            Assert.Equal((raw, 400), (raw, answer.Status));
            Assert.NotEmpty(answer.FieldErrors(field));
        }
        var unknown = await BookRaw(payer, creator with { Id = Guid.NewGuid() }, $$"""{"minutes":10,"startsAt":"{{at}}","paymentMethod":"pm_card_visa"}""", "k-unknown");
        Assert.Equal((404, "creator_not_found"), (unknown.Status, unknown.Code));

        Assert.Equal(202, (await Book(payer, creator, 10, app.Clock.GetUtcNow().AddHours(3), "same-key")).Status);
        var other = await Book(payer, creator, 20, app.Clock.GetUtcNow().AddHours(3), "same-key");
        Assert.Equal((422, "idempotency_key_reused"), (other.Status, other.Code));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from private_shows where payer_id = @UserId", payer));
    }

    [Fact]
    public async Task Someone_elses_show_is_not_found_for_every_action_and_an_unknown_one_too()
    {
        var creator = await BookableCreator();
        var payer = await app.SignUp();
        var show = ShowId(await Book(payer, creator, 10, app.Clock.GetUtcNow().AddHours(4), "other-" + Guid.NewGuid()));
        var stranger = await app.SignUp();
        foreach (var action in new[] { "get", "accept", "decline", "cancel" })
        {
            var mine = await Act(action, stranger, show);
            Assert.Equal((action, 404, "private_show_not_found"), (action, mine.Status, mine.Code));
            var unknown = await Act(action, payer, Guid.NewGuid());
            Assert.Equal((action, 404, "private_show_not_found"), (action, unknown.Status, unknown.Code));
        }
        Assert.Equal("requested", await app.Scalar<string>("select status from private_shows where id = @show", new { show }));
    }
}
