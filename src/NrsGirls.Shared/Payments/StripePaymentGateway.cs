using System.Net;
using Stripe;

namespace NrsGirls.Shared.Payments;

/// <summary>
/// The Stripe gateway (Stripe.net): charges are confirmed off-session PaymentIntents, refunds are Refunds
/// of the PaymentIntent, transfers go to a connected account, and webhooks are verified with
/// <see cref="EventUtility"/>. Every call sends the idempotency key as Stripe's Idempotency-Key header.
/// Card errors are declines (a result); network errors, 5xx, 429 and lock timeouts are transient (thrown).
/// </summary>
public sealed class StripePaymentGateway(IStripeClient client, PaymentOptions options, TimeProvider clock) : IPaymentGateway
{
    public string Provider => PaymentOptions.Stripe;

    public static StripePaymentGateway Create(PaymentOptions options, TimeProvider clock, string? apiBase = null) =>
        new(new StripeClient(options.StripeSecretKey, apiBase: apiBase), options, clock);

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = Money.ToMinorUnits(request.Amount, request.Currency),
            Currency = request.Currency.ToLowerInvariant(),
            PaymentMethod = request.PaymentMethod,
            Confirm = true,
            OffSession = true,
            Description = request.Description,
            Metadata = request.Metadata.ToDictionary(),
        };
        try
        {
            var intent = await new PaymentIntentService(client).CreateAsync(create, Idempotent(request.IdempotencyKey), ct);
            return intent.Status == "succeeded"
                ? ChargeResult.Success(intent.Id, intent.LatestChargeId)
                : ChargeResult.Declined(intent.Status, $"Payment not completed (status {intent.Status}).");
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error")
        {
            return ChargeResult.Declined(e.StripeError.DeclineCode ?? e.StripeError.Code ?? "card_declined", e.StripeError.Message ?? "Declined.");
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new PaymentGatewayTransientException("Stripe could not take the charge now.", e);
        }
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct)
    {
        try
        {
            var refund = await new Stripe.RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = request.PaymentId,
                Metadata = new Dictionary<string, string>(request.Metadata) { ["reason"] = request.Reason },
            }, Idempotent(request.IdempotencyKey), ct);
            return new RefundResult(refund.Id);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new PaymentGatewayTransientException("Stripe could not refund now.", e);
        }
    }

    public async Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken ct)
    {
        try
        {
            var transfer = await new TransferService(client).CreateAsync(new TransferCreateOptions
            {
                Amount = Money.ToMinorUnits(request.Amount, request.Currency),
                Currency = request.Currency.ToLowerInvariant(),
                Destination = request.Destination,
                Metadata = request.Metadata.ToDictionary(),
            }, Idempotent(request.IdempotencyKey), ct);
            return new TransferResult(transfer.Id);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new PaymentGatewayTransientException("Stripe could not transfer now.", e);
        }
    }

    public PaymentWebhookEvent? VerifyWebhook(string payload, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(signatureHeader) || options.StripeWebhookSecret is not { } secret) return null;
        try
        {
            EventUtility.ValidateSignature(payload, signatureHeader, secret, WebhookSignature.ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException)
        {
            return null;
        }
        return WebhookSignature.Read(payload);
    }

    private static RequestOptions Idempotent(string key) => new() { IdempotencyKey = key };

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or TaskCanceledException { InnerException: TimeoutException } => true,
        StripeException s => s.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)s.HttpStatusCode >= 500
                             || s.StripeError?.Type == "api_connection_error" || s.StripeError?.Code == "lock_timeout",
        _ => false,
    };
}
