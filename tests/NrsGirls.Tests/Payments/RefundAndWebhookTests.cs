using NrsGirls.Functions.Payments;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

public class RefundAndWebhookTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    private async Task<(Guid Id, TestCreator Creator, TestUser Payer)> CompletedTip(decimal amount = 10m)
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var accepted = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(amount), Guid.NewGuid().ToString());
        await app.DrainQueue();
        var id = accepted.Body.GetProperty("transactionId").GetGuid();
        Assert.Equal("completed", await app.Status(id));
        return (id, creator, payer);
    }

    private Task<Answer> Refund(TestUser who, Guid id, object body) =>
        Http.Call(app.Services, app.Function<PaymentAdminApi>().RefundTransaction(Http.Request(body, who.Token), id, default));

    private Task<Answer> Webhook(string payload, string? signature, string provider = "simulated")
    {
        var r = Http.Request(raw: payload);
        if (signature is not null) r.Headers[PaymentWebhooksApi.SignatureHeader] = signature;
        return Http.Call(app.Services, app.Function<PaymentWebhooksApi>().PaymentWebhook(r, provider, default));
    }

    private async Task<string> PaymentId(Guid id) =>
        await app.Scalar<string>("select provider_transaction_id from transactions where id = @id", new { id });

    [Fact]
    public async Task An_admin_refunds_a_completed_tip_once_and_the_creators_earnings_drop_by_its_net()
    {
        var (id, creator, payer) = await CompletedTip(10m);
        var admin = await app.Admin();
        var refunds = app.Gateway.Refunds;

        var first = await Refund(admin, id, new { reason = "requested by payer" });
        var second = await Refund(admin, id, new { reason = "again" });

        Assert.Equal(200, first.Status);
        Assert.Equal("refunded", first.Str("status"));
        Assert.Equal((409, "transaction_already_refunded"), (second.Status, second.Code));
        Assert.Equal(refunds + 1, app.Gateway.Refunds);
        Assert.Equal(0m, await app.Earnings(creator));
        Assert.Equal("requested by payer", await app.Scalar<string>("select metadata->>'reason' from transactions where id = @id", new { id }));
        Assert.Equal(2L, await app.Scalar<long>("select count(*) from notification_outbox where event_type = 'tip.refunded' and payload->>'transactionId' = @id::text", new { id }));
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task Refunds_are_for_admins_need_a_reason_and_only_apply_to_completed_payments()
    {
        var (id, creator, payer) = await CompletedTip();
        var admin = await app.Admin();
        var notAdmin = await Refund(payer, id, new { reason = "mine" });
        var noReason = await Refund(admin, id, new { reason = "" });
        var unknown = await Refund(admin, Guid.NewGuid(), new { reason = "x" });
        var declined = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(pm: SimulatedPaymentGateway.Declined), Guid.NewGuid().ToString());
        await app.DrainQueue();
        var failed = await Refund(admin, declined.Body.GetProperty("transactionId").GetGuid(), new { reason = "x" });

        Assert.Equal(403, notAdmin.Status);
        Assert.NotEmpty(noReason.FieldErrors("reason"));
        Assert.Equal((404, "transaction_not_found"), (unknown.Status, unknown.Code));
        Assert.Equal((409, "transaction_not_refundable"), (failed.Status, failed.Code));
        Assert.Equal("completed", await app.Status(id));
    }

    [Fact]
    public async Task A_charge_refunded_webhook_marks_the_payment_refunded_once_however_often_it_is_delivered()
    {
        var (id, creator, _) = await CompletedTip(20m);
        var pi = await PaymentId(id);
        var payload = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.ChargeRefunded, pi, SimulatedPaymentGateway.ChargeIdOf(pi));
        var signature = app.Gateway.SignWebhook(payload);

        var first = await Webhook(payload, signature);
        var replay = await Webhook(payload, signature);

        Assert.Equal(200, first.Status);
        Assert.Equal("refunded", first.Str("outcome"));
        Assert.True(replay.Body.GetProperty("duplicate").GetBoolean());
        Assert.Equal("refunded", await app.Status(id));
        Assert.Equal(0m, await app.Earnings(creator));
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task An_admin_refund_whose_own_webhook_lands_first_is_a_success_not_a_409()
    {
        var (id, creator, _) = await CompletedTip(20m);
        var pi = await PaymentId(id);
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        // The provider refunds, and its charge.refunded webhook is applied before our own statement runs.
        var gateway = new Moq.Mock<IPaymentGateway>();
        gateway.Setup(g => g.RefundAsync(Moq.It.IsAny<RefundRequest>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(async (RefundRequest _, CancellationToken ct) =>
            {
                var payload = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.ChargeRefunded, pi, SimulatedPaymentGateway.ChargeIdOf(pi));
                Assert.Equal("refunded", (await Webhook(payload, app.Gateway.SignWebhook(payload))).Str("outcome"));
                return new RefundResult("re_race");
            });
        var admin = await app.Admin();
        var refunds = new RefundService(db, gateway.Object, app.Clock);

        var answer = await refunds.RefundAsync(new Caller(admin.UserId, Roles.Admin, "s"), id, "requested by payer", default);

        Assert.True(answer.IsOk, answer.IsOk ? "" : answer.Error.Code);
        Assert.Equal("refunded", answer.Value.Status);
        Assert.Equal(0m, await app.Earnings(creator));
        Assert.Empty(await app.Audit());
        // A second admin refund afterwards is still 409.
        var again = await refunds.RefundAsync(new Caller(admin.UserId, Roles.Admin, "s"), id, "again", default);
        Assert.Equal("transaction_already_refunded", again.IsOk ? null : again.Error.Code);
    }

    [Fact]
    public async Task A_partial_refund_at_the_provider_takes_nothing_back_and_is_recorded_for_an_operator()
    {
        var (id, creator, _) = await CompletedTip(20m);
        var pi = await PaymentId(id);
        var earnings = await app.Earnings(creator);
        var payload = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.ChargeRefunded, pi,
            SimulatedPaymentGateway.ChargeIdOf(pi), refunded: false);

        var answer = await Webhook(payload, app.Gateway.SignWebhook(payload));

        Assert.Equal((200, "partial_refund_not_applied"), (answer.Status, answer.Str("outcome")));
        Assert.Equal("completed", await app.Status(id));
        Assert.Equal(earnings, await app.Earnings(creator));
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task An_oversized_or_signed_but_malformed_webhook_is_refused_and_writes_nothing()
    {
        var before = await app.Scalar<long>("select count(*) from payment_webhook_events");
        var huge = "{\"id\":\"evt_big\",\"type\":\"charge.refunded\",\"pad\":\"" + new string('x', PaymentWebhooksApi.MaxBodyBytes) + "\"}";
        var tooBig = await Webhook(huge, app.Gateway.SignWebhook(huge));
        const string garbage = "{\"id\": 12, \"type\":";
        var malformed = await Webhook(garbage, app.Gateway.SignWebhook(garbage));

        Assert.Equal((413, "payload_too_large"), (tooBig.Status, tooBig.Code));
        Assert.Equal(400, malformed.Status);
        Assert.Equal("application/problem+json", malformed.ContentType);
        Assert.Equal(before, await app.Scalar<long>("select count(*) from payment_webhook_events"));
    }

    [Fact]
    public async Task A_bad_or_stale_signature_or_unknown_provider_writes_nothing()
    {
        var (id, _, _) = await CompletedTip();
        var pi = await PaymentId(id);
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var payload = WebhookSignature.EventJson(eventId, PaymentWebhookTypes.ChargeRefunded, pi, "ch_x");
        var stale = WebhookSignature.Sign(payload, NrsGirls.Shared.Configuration.PaymentOptions.DefaultSimulatedWebhookSecret, app.Clock.GetUtcNow().AddMinutes(-6));

        var unsigned = await Webhook(payload, null);
        var forged = await Webhook(payload, WebhookSignature.Sign(payload, "whsec_wrong", app.Clock.GetUtcNow()));
        var old = await Webhook(payload, stale);
        var tampered = await Webhook(payload.Replace("charge.refunded", "charge.dispute.created"), app.Gateway.SignWebhook(payload));
        var otherProvider = await Webhook(payload, app.Gateway.SignWebhook(payload), provider: "paypal");

        Assert.All(new[] { unsigned, forged, old, tampered }, a => Assert.Equal((400, "webhook_signature_invalid"), (a.Status, a.Code)));
        Assert.Equal((404, "payment_provider_not_found"), (otherProvider.Status, otherProvider.Code));
        Assert.Equal("completed", await app.Status(id));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from payment_webhook_events where event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task A_dispute_refunds_as_chargeback_and_the_payer_may_not_pay_again_until_an_admin_lifts_it()
    {
        var (id, creator, payer) = await CompletedTip(15m);
        var pi = await PaymentId(id);
        var payload = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.DisputeCreated, pi, SimulatedPaymentGateway.ChargeIdOf(pi));

        var dispute = await Webhook(payload, app.Gateway.SignWebhook(payload));
        var blocked = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(), Guid.NewGuid().ToString());

        Assert.Equal("chargeback", dispute.Str("outcome"));
        Assert.Equal("refunded", await app.Status(id));
        Assert.Equal("chargeback", await app.Scalar<string>("select metadata->>'reason' from transactions where id = @id", new { id }));
        Assert.Equal((403, "payments_restricted"), (blocked.Status, blocked.Code));
        Assert.Equal(0m, await app.Earnings(creator));

        var admin = await app.Admin();
        var byPayer = await Http.Call(app.Services, app.Function<PaymentAdminApi>().LiftPaymentRestriction(Http.Request(token: payer.Token), payer.UserId, default));
        var lifted = await Http.Call(app.Services, app.Function<PaymentAdminApi>().LiftPaymentRestriction(Http.Request(token: admin.Token), payer.UserId, default));
        var again = await Http.Call(app.Services, app.Function<PaymentAdminApi>().LiftPaymentRestriction(Http.Request(token: admin.Token), payer.UserId, default));
        var allowed = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(), Guid.NewGuid().ToString());

        Assert.Equal(403, byPayer.Status);
        Assert.Equal(204, lifted.Status);
        Assert.Equal((404, "payment_restriction_not_found"), (again.Status, again.Code));
        Assert.Equal(202, allowed.Status);
        Assert.Empty(await app.Audit());
    }

    [Fact]
    public async Task Events_of_other_types_or_unknown_payments_are_acknowledged_and_change_nothing()
    {
        var other = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.created", "pi_nope", "ch_nope");
        var unknown = WebhookSignature.EventJson("evt_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.ChargeRefunded, "pi_nope", "ch_nope");
        Assert.Equal("ignored", (await Webhook(other, app.Gateway.SignWebhook(other))).Str("outcome"));
        Assert.Equal("unknown_payment", (await Webhook(unknown, app.Gateway.SignWebhook(unknown))).Str("outcome"));
    }

    [Fact]
    public async Task A_refund_after_payout_shows_as_debt_and_balances_never_go_negative()
    {
        var (id, creator, _) = await CompletedTip(100m); // net 80
        app.Clock.Advance(TimeSpan.FromDays(8));
        await app.Scalar<int>("""
            insert into payouts (creator_id, creator_type, amount, currency, status, payment_method, scheduled_date)
            values (@Id, 'dj', 80.00, 'USD', 'completed', 'bank', current_date) returning 1
            """, creator);
        var admin = await app.Admin();
        Assert.Equal(200, (await Refund(admin, id, new { reason = "fraud" })).Status);

        var token = (await app.Login(creator.Owner.Email, ip: creator.Owner.Ip)).Str("token"); // the first session expired meanwhile
        var earnings = await Http.Call(app.Services, app.Function<EarningsApi>().GetEarnings(Http.Request(token: token), creator.Id, default));
        Assert.True(earnings.Status == 200, earnings.Raw);
        var usd = earnings.Body.GetProperty("currencies")[0];
        Assert.Equal(0m, usd.GetProperty("available").GetDecimal());
        Assert.Equal(80m, usd.GetProperty("debt").GetDecimal());
        Assert.Equal(80m, usd.GetProperty("paid").GetDecimal());
        Assert.Equal(80m, usd.GetProperty("refunded").GetDecimal());
        Assert.Equal(0m, await app.Earnings(creator));
    }
}
