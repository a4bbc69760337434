using System.Net.Sockets;
using System.Web;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

/// <summary>The Stripe gateway against a local HTTP listener standing in for api.stripe.com: what it sends, and how it reads answers.</summary>
public sealed class StripeGatewayTests : IDisposable
{
    private sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Form, string? IdempotencyKey, string? Authorization);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly string _base;
    private Func<Seen, (int Status, string Json)> _answer = _ => (200, "{}");
    private readonly ManualClock _clock = new();
    private readonly PaymentOptions _options = new()
    {
        Provider = PaymentOptions.Stripe, StripeSecretKey = "sk_test_local", StripeWebhookSecret = "whsec_local_test",
    };

    public StripeGatewayTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _base = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(_base + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var form = HttpUtility.ParseQueryString(body);
            var seen = new Seen(ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath,
                form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!),
                ctx.Request.Headers["Idempotency-Key"], ctx.Request.Headers["Authorization"]);
            _seen.Enqueue(seen);
            var (status, json) = _answer(seen);
            var bytes = Encoding.UTF8.GetBytes(json);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            ctx.Response.Headers["Request-Id"] = "req_local";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    private StripePaymentGateway Gateway() => StripePaymentGateway.Create(_options, _clock, _base);

    private static ChargeRequest Charge(decimal amount, string currency = "EUR") => new("tx-123", amount, currency, "pm_card_visa", "NrsGirls tip tx-123",
        new Dictionary<string, string> { ["transaction_id"] = "tx-123", ["creator_id"] = "c-1" });

    [Fact]
    public async Task A_charge_is_a_confirmed_off_session_PaymentIntent_in_minor_units_with_the_idempotency_key_and_metadata()
    {
        _answer = _ => (200, """{"id":"pi_local","object":"payment_intent","status":"succeeded","latest_charge":"ch_local","amount":1234,"currency":"eur"}""");

        var result = await Gateway().ChargeAsync(Charge(12.34m), default);

        Assert.Equal(ChargeResult.Success("pi_local", "ch_local"), result);
        var sent = Assert.Single(_seen);
        Assert.Equal(("POST", "/v1/payment_intents"), (sent.Method, sent.Path));
        Assert.Equal("1234", sent.Form["amount"]);
        Assert.Equal("eur", sent.Form["currency"]);
        Assert.Equal("pm_card_visa", sent.Form["payment_method"]);
        Assert.Equal("true", sent.Form["confirm"]);
        Assert.Equal("true", sent.Form["off_session"]);
        Assert.Equal("tx-123", sent.Form["metadata[transaction_id]"]);
        Assert.Equal("c-1", sent.Form["metadata[creator_id]"]);
        Assert.Equal("tx-123", sent.IdempotencyKey);
        Assert.Equal("Bearer sk_test_local", sent.Authorization);
    }

    [Fact]
    public async Task A_currency_not_counted_in_cents_is_never_sent_at_a_wrong_amount()
    {
        // The ledger keeps cents, and the settings refuse such currencies; the gateway refuses them too rather
        // than send 1500 JPY as 150000 or 10.000 KWD as 1000.
        _answer = _ => (200, """{"id":"pi_jpy","object":"payment_intent","status":"succeeded"}""");
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway().ChargeAsync(Charge(1500m, "JPY"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway().ChargeAsync(Charge(10m, "KWD"), default));
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task A_card_error_is_a_decline_with_the_decline_code_not_an_exception()
    {
        _answer = _ => (402, """{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}""");
        var result = await Gateway().ChargeAsync(Charge(5m), default);
        Assert.False(result.Succeeded);
        Assert.Equal("insufficient_funds", result.DeclineCode);
    }

    [Fact]
    public async Task A_server_error_is_transient_and_every_retry_carries_the_same_idempotency_key()
    {
        _answer = _ => (500, """{"error":{"type":"api_error","message":"boom"}}""");
        await Assert.ThrowsAsync<PaymentGatewayTransientException>(() => Gateway().ChargeAsync(Charge(5m), default));
        Assert.NotEmpty(_seen);
        Assert.All(_seen, s => Assert.Equal("tx-123", s.IdempotencyKey));
    }

    [Fact]
    public async Task A_refund_names_the_PaymentIntent_with_its_own_idempotency_key()
    {
        _answer = _ => (200, """{"id":"re_local","object":"refund","status":"succeeded"}""");
        var refund = await Gateway().RefundAsync(new RefundRequest("refund:tx-123", "pi_local", "requested", new Dictionary<string, string> { ["transaction_id"] = "tx-123" }), default);
        Assert.Equal("re_local", refund.RefundId);
        var sent = Assert.Single(_seen);
        Assert.Equal(("/v1/refunds", "pi_local", "refund:tx-123"), (sent.Path, sent.Form["payment_intent"], sent.IdempotencyKey));
        Assert.Equal("requested", sent.Form["metadata[reason]"]);
    }

    [Fact]
    public async Task A_transfer_goes_to_the_connected_account_in_minor_units()
    {
        _answer = _ => (200, """{"id":"tr_local","object":"transfer"}""");
        var t = await Gateway().TransferAsync(new TransferRequest("payout:1", 80.5m, "USD", "acct_1", new Dictionary<string, string>()), default);
        var sent = Assert.Single(_seen);
        Assert.Equal(("tr_local", "/v1/transfers", "8050", "usd", "acct_1", "payout:1"),
            (t.TransferId, sent.Path, sent.Form["amount"], sent.Form["currency"], sent.Form["destination"], sent.IdempotencyKey));
    }

    [Fact]
    public void Webhooks_verify_with_Stripes_EventUtility_and_refuse_a_wrong_or_stale_signature()
    {
        var payload = WebhookSignature.EventJson("evt_1", PaymentWebhookTypes.DisputeCreated, "pi_local", "ch_local");
        var gateway = Gateway();

        var ok = gateway.VerifyWebhook(payload, WebhookSignature.Sign(payload, "whsec_local_test", _clock.GetUtcNow()));
        Assert.Equal(new PaymentWebhookEvent("evt_1", PaymentWebhookTypes.DisputeCreated, "pi_local", "ch_local"), ok);
        Assert.Null(gateway.VerifyWebhook(payload, WebhookSignature.Sign(payload, "whsec_other", _clock.GetUtcNow())));
        Assert.Null(gateway.VerifyWebhook(payload, WebhookSignature.Sign(payload, "whsec_local_test", _clock.GetUtcNow().AddMinutes(-10))));
        Assert.Null(gateway.VerifyWebhook(payload, null));
    }

    public void Dispose() => _listener.Close();
}
