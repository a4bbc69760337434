using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

/// <summary>Tips and webhooks through the production app served by the local host: real HTTP, the real queue trigger on Azurite.</summary>
public class MoneyLocalHostTests(ProductionHostFixture app) : IClassFixture<ProductionHostFixture>
{
    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, string? json = null, string? key = null,
        string? signature = null)
    {
        using var request = app.Request(method, path, token);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (signature is not null) request.Headers.Add("Stripe-Signature", signature);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await app.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_tip_posted_over_http_is_charged_by_the_queue_trigger_and_a_signed_refund_webhook_refunds_it()
    {
        var owner = await app.SignUp(Roles.Dj);
        var payer = await app.SignUp();
        var creatorId = Guid.NewGuid();
        await using (var conn = new NpgsqlConnection(app.OwnerConnectionString))
            await conn.ExecuteAsync("insert into dj_profiles (id, user_id, stage_name) values (@creatorId, @UserId, 'Host DJ')", new { creatorId, owner.UserId });

        var body = """{"amount":25.00,"currency":"USD","paymentMethod":"pm_card_visa","message":"from the host"}""";
        using var accepted = await Send(HttpMethod.Post, $"api/creators/{creatorId}/tips", payer.Token, body, key: "host-1");
        var acceptedText = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, acceptedText);
        var id = JsonDocument.Parse(acceptedText).RootElement.GetProperty("transactionId").GetGuid();
        using var replay = await Send(HttpMethod.Post, $"api/creators/{creatorId}/tips", payer.Token, body, key: "host-1");
        Assert.Equal(acceptedText, await replay.Content.ReadAsStringAsync());
        using var noKey = await Send(HttpMethod.Post, $"api/creators/{creatorId}/tips", payer.Token, body);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);

        var status = await Poll.UntilAsync(async () =>
        {
            using var r = await Send(HttpMethod.Get, $"api/me/transactions/{id}", payer.Token);
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
        }, s => s != "pending", "the queue trigger to charge the tip", TimeSpan.FromSeconds(60));
        Assert.Equal("completed", status);
        Assert.Equal(20.00m, await app.QueryAsync<decimal>("select total_earnings from dj_profiles where id = @creatorId", new { creatorId }));

        var pi = await app.QueryAsync<string>("select provider_transaction_id from transactions where id = @id", new { id });
        var payload = WebhookSignature.EventJson("evt_host_" + Guid.NewGuid().ToString("N"), PaymentWebhookTypes.ChargeRefunded, pi, SimulatedPaymentGateway.ChargeIdOf(pi));
        using var forged = await Send(HttpMethod.Post, "api/webhooks/payments/simulated", null, payload, signature: "t=1,v1=00");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var hook = await Send(HttpMethod.Post, "api/webhooks/payments/simulated", null, payload,
            signature: WebhookSignature.Sign(payload, PaymentOptions.DefaultSimulatedWebhookSecret, DateTimeOffset.UtcNow));
        Assert.True(hook.IsSuccessStatusCode, await hook.Content.ReadAsStringAsync());
        Assert.Equal("refunded", await app.QueryAsync<string>("select status from transactions where id = @id", new { id }));
        Assert.Equal(0m, await app.QueryAsync<decimal>("select total_earnings from dj_profiles where id = @creatorId", new { creatorId }));
    }
}
