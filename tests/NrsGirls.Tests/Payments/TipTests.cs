using NrsGirls.Functions.Payments;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

public class TipTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    [Fact]
    public async Task A_tip_is_accepted_as_pending_then_the_queue_handler_completes_it_credits_the_creator_and_records_the_notification()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var key = Guid.NewGuid().ToString();

        var accepted = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(12.34m, message: "great set"), key);

        Assert.Equal(202, accepted.Status);
        Assert.Equal("pending", accepted.Str("status"));
        var id = accepted.Body.GetProperty("transactionId").GetGuid();
        Assert.Equal("pending", await app.Status(id));
        // fee = 12.34 × 0.20 = 2.468 → 2.47 (half-up), net = 9.87
        Assert.Equal(2.47m, await app.Scalar<decimal>("select platform_fee from transactions where id = @id", new { id }));
        Assert.Equal(9.87m, await app.Scalar<decimal>("select net_amount from transactions where id = @id", new { id }));
        Assert.Equal(id, await app.Scalar<Guid>("select transaction_id from idempotency_keys where key = @key", new { key }));

        Assert.True(await app.DrainQueue() >= 1);

        Assert.Equal("completed", await app.Status(id));
        Assert.StartsWith("pi_sim_", await app.Scalar<string>("select provider_transaction_id from transactions where id = @id", new { id }));
        Assert.Equal(9.87m, await app.Earnings(creator));
        Assert.Equal(1L, await app.Scalar<long>("""
            select count(*) from notification_outbox
            where event_type = 'tip.completed' and recipient_user_id = @owner and payload->>'transactionId' = @id::text
              and payload->>'message' = 'great set' and processed_at is null
            """, new { owner = creator.Owner.UserId, id }));
        var fate = await Http.Call(app.Services, app.Function<EarningsApi>().GetMyTransaction(Http.Request(token: payer.Token), id, default));
        Assert.Equal(200, fate.Status);
        Assert.Equal("completed", fate.Str("status"));
        Assert.Empty(await app.Audit());
    }

    [Theory]
    [InlineData("1.00", "0.20", "0.80")]
    [InlineData("0.03", "0.01", "0.02")]   // 0.006 → 0.01
    [InlineData("0.02", "0.00", "0.02")]   // 0.004 → 0.00
    [InlineData("0.125", "0.03", "0.095")] // never an input (2 decimals), but the split still adds up
    [InlineData("10000.00", "2000.00", "8000.00")]
    [InlineData("2.475", "0.50", "1.975")]
    public void Fee_is_the_amount_times_the_rate_rounded_half_up_to_the_cent_and_net_is_the_rest(string amount, string fee, string net)
    {
        var (f, n) = Money.Split(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), 0.20m);
        Assert.Equal(decimal.Parse(fee, System.Globalization.CultureInfo.InvariantCulture), f);
        Assert.Equal(decimal.Parse(net, System.Globalization.CultureInfo.InvariantCulture), n);
        Assert.Equal(f + n, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Half_cent_fees_round_away_from_zero_not_to_even()
    {
        // 0.125 × 1 would be banker's 0.12; half-up gives 0.13.
        Assert.Equal(0.13m, Money.Split(0.25m, 0.50m).Fee); // exact: 0.125
        Assert.Equal(0.13m, Money.Split(1.25m, 0.10m).Fee); // exact: 0.125
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"currency":"USD","paymentMethod":"pm_card_visa"}""", "amount" },
        { """{"amount":10.001,"currency":"USD","paymentMethod":"pm_card_visa"}""", "amount" },
        { """{"amount":0.99,"currency":"USD","paymentMethod":"pm_card_visa"}""", "amount" },
        { """{"amount":10000.01,"currency":"USD","paymentMethod":"pm_card_visa"}""", "amount" },
        { """{"amount":-5,"currency":"USD","paymentMethod":"pm_card_visa"}""", "amount" },
        { """{"amount":10,"currency":"usd","paymentMethod":"pm_card_visa"}""", "currency" },
        { """{"amount":10,"currency":"XYZ","paymentMethod":"pm_card_visa"}""", "currency" },
        { """{"amount":10,"paymentMethod":"pm_card_visa"}""", "currency" },
        { """{"amount":10,"currency":"USD"}""", "paymentMethod" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_tip_is_a_400_naming_the_field_and_writes_nothing(string raw, string field)
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var answer = await Http.Call(app.Services, app.Function<TipsApi>().CreateTip(
            PaymentsFixture.Request(null, payer.Token, Guid.NewGuid().ToString(), raw: raw), creator.Id, default));

        Assert.True(answer.Status == 400 && answer.FieldErrors(field).Length > 0, answer.Raw);
        await AssertNothingWritten(payer);
    }

    [Fact]
    public async Task An_amount_of_the_wrong_type_is_a_400_that_points_at_it()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var answer = await Http.Call(app.Services, app.Function<TipsApi>().CreateTip(PaymentsFixture.Request(null, payer.Token, "k",
            raw: """{"amount":"ten","currency":"USD","paymentMethod":"pm_card_visa"}"""), creator.Id, default));
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors("amount"));
        await AssertNothingWritten(payer);
    }

    [Fact]
    public async Task A_message_over_500_characters_is_refused()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var answer = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(message: new string('x', 501)), Guid.NewGuid().ToString());
        Assert.Equal(400, answer.Status);
        Assert.NotEmpty(answer.FieldErrors("message"));
        await AssertNothingWritten(payer);
    }

    [Fact]
    public async Task Without_an_Idempotency_Key_a_tip_is_400_and_nothing_is_written()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var missing = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(), key: null);
        var tooLong = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(), key: new string('k', 256));

        Assert.Equal((400, "idempotency_key_required"), (missing.Status, missing.Code));
        Assert.Equal((400, "idempotency_key_invalid"), (tooLong.Status, tooLong.Code));
        var twice = PaymentsFixture.Request(PaymentsFixture.TipBody(), payer.Token);
        twice.Headers[NrsGirls.Shared.Idempotency.IdempotentRequests.HeaderName] = new Microsoft.Extensions.Primitives.StringValues(["k1", "k2"]);
        var two = await Http.Call(app.Services, app.Function<TipsApi>().CreateTip(twice, creator.Id, default));
        Assert.Equal((400, "idempotency_key_invalid"), (two.Status, two.Code));
        await AssertNothingWritten(payer);
    }

    [Fact]
    public async Task Tipping_your_own_profile_an_unknown_creator_or_one_who_blocked_you_or_your_region_writes_nothing()
    {
        var payer = await app.SignUp();
        var own = await app.Creator();
        var blockedMe = await app.Creator("performer", blockedUsers: [payer.UserId]);
        var blockedRegion = await app.Creator("performer", blockedRegions: ["DE"]);

        var self = await app.Tip(own.Owner, own.Id, PaymentsFixture.TipBody(), "k1");
        var unknown = await app.Tip(payer, Guid.NewGuid(), PaymentsFixture.TipBody(), "k2");
        var blocked = await app.Tip(payer, blockedMe.Id, PaymentsFixture.TipBody(), "k3");
        var region = await Http.Call(app.Services, app.Function<TipsApi>().CreateTip(
            PaymentsFixture.Request(PaymentsFixture.TipBody(), payer.Token, "k4", country: "DE"), blockedRegion.Id, default));

        Assert.Equal((400, "cannot_pay_yourself"), (self.Status, self.Code));
        Assert.Equal((404, "creator_not_found"), (unknown.Status, unknown.Code));
        Assert.Equal((404, "creator_not_found"), (blocked.Status, blocked.Code));
        Assert.Equal((404, "creator_not_found"), (region.Status, region.Code));
        await AssertNothingWritten(payer);
        await AssertNothingWritten(own.Owner);
    }

    [Fact]
    public async Task Without_a_session_a_tip_is_401()
    {
        var creator = await app.Creator();
        var answer = await Http.Call(app.Services, app.Function<TipsApi>().CreateTip(
            PaymentsFixture.Request(PaymentsFixture.TipBody(), null, "k"), creator.Id, default));
        Assert.Equal(401, answer.Status);
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_charges_once()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var first = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(5m), "same-key");
        var again = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(5.00m), "same-key");

        Assert.Equal(202, again.Status);
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal("true", again.Headers[PaymentResults.ReplayedHeader].ToString());
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId", payer));
        await app.DrainQueue();
        Assert.Equal(4.00m, await app.Earnings(creator));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_writes_nothing_more()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(5m), "reused");
        var other = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(6m), "reused");

        Assert.Equal((422, "idempotency_key_reused"), (other.Status, other.Code));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId", payer));
    }

    [Fact]
    public async Task Keys_are_per_user_so_two_payers_may_send_the_same_key()
    {
        var creator = await app.Creator();
        var a = await app.SignUp();
        var b = await app.SignUp();
        var ta = await app.Tip(a, creator.Id, PaymentsFixture.TipBody(5m), "shared");
        var tb = await app.Tip(b, creator.Id, PaymentsFixture.TipBody(5m), "shared");
        Assert.Equal(202, tb.Status);
        Assert.NotEqual(ta.Str("transactionId"), tb.Str("transactionId"));
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_execute_once_and_all_get_the_same_answer()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => app.Tip(payer, creator.Id, PaymentsFixture.TipBody(7m), "burst"))));

        Assert.All(answers, a => Assert.True(a.Status is 202 or 409, a.Raw));
        Assert.Single(answers.Where(a => a.Status == 202).Select(a => a.Str("transactionId")).Distinct());
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Equal("request_in_progress", a.Code));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId", payer));
    }

    [Fact]
    public async Task A_key_is_kept_24_hours_then_purged_and_usable_again()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(5m), "daily");
        app.Clock.Advance(TimeSpan.FromHours(23));
        await app.Get<NrsGirls.Shared.Idempotency.IdempotentRequests>().PurgeExpiredAsync(1000, default);
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from idempotency_keys where user_id = @UserId", payer));
        app.Clock.Advance(TimeSpan.FromHours(1));
        payer = payer with { Token = (await app.Login(payer.Email, ip: payer.Ip)).Str("token") }; // sessions last 24 h too

        var reused = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(6m), "daily");
        Assert.Equal(202, reused.Status);
        Assert.Null(reused.Headers[PaymentResults.ReplayedHeader].FirstOrDefault());
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.True(await app.Get<NrsGirls.Shared.Idempotency.IdempotentRequests>().PurgeExpiredAsync(1000, default) >= 1);
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from idempotency_keys where user_id = @UserId", payer));
    }

    [Fact]
    public async Task A_declined_card_fails_the_tip_with_the_providers_reason_and_credits_nothing()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var declined = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(pm: SimulatedPaymentGateway.InsufficientFunds), "d1");
        var id = declined.Body.GetProperty("transactionId").GetGuid();
        await app.DrainQueue();

        Assert.Equal("failed", await app.Status(id));
        Assert.Equal("insufficient_funds", await app.Scalar<string>("select metadata->>'failureCode' from transactions where id = @id", new { id }));
        Assert.Equal(0m, await app.Earnings(creator));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from notification_outbox where event_type = 'tip.failed' and recipient_user_id = @UserId", payer));
    }

    [Fact]
    public async Task A_transient_gateway_failure_throws_so_the_host_retries_and_the_retry_completes_once()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var accepted = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(10m, pm: SimulatedPaymentGateway.TransientOnce), "t1");
        var id = accepted.Body.GetProperty("transactionId").GetGuid();
        var message = new PaymentMessage(id, await app.Scalar<DateTime>("select created_at from transactions where id = @id", new { id })).ToJson();
        var handler = app.Function<PaymentQueueHandler>();

        await Assert.ThrowsAsync<PaymentGatewayTransientException>(() => handler.ProcessPayment(message, default));
        Assert.Equal("pending", await app.Status(id));
        await handler.ProcessPayment(message, default);
        await handler.ProcessPayment(message, default);

        Assert.Equal("completed", await app.Status(id));
        Assert.Equal(8.00m, await app.Earnings(creator));
    }

    [Fact]
    public async Task A_tip_whose_message_was_lost_is_re_enqueued_by_the_timer_after_five_minutes()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var accepted = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(10m), "lost");
        var id = accepted.Body.GetProperty("transactionId").GetGuid();
        await app.TipsQueue.ClearMessagesAsync(); // the process "died" before the message was handled

        var requeues = () => app.Scalar<int?>("select (metadata->>'requeues')::int from transactions where id = @id", new { id });

        await app.Get<PaymentRequeue>().RequeueAsync(default);
        Assert.Null(await requeues()); // younger than five minutes: its message may still be on its way
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await app.Get<PaymentRequeue>().RequeueAsync(default) >= 1);
        await app.Get<PaymentRequeue>().RequeueAsync(default);
        Assert.Equal(1, await requeues()); // not again within the delay
        await app.DrainQueue();

        Assert.Equal("completed", await app.Status(id));
    }

    private async Task AssertNothingWritten(TestUser payer)
    {
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId", payer));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from idempotency_keys where user_id = @UserId", payer));
    }
}
