namespace NrsGirls.Shared.Payments;

/// <summary>
/// The payment provider, an outer seam: charge a saved payment method, refund a charge, verify and read a
/// webhook, and transfer to a creator (for payouts). Every money-moving call carries an idempotency key,
/// so a retried call (a redelivered queue message, two instances at once) never moves money twice at the
/// provider. Two implementations, chosen by NRSGIRLS_PAYMENT_PROVIDER: <see cref="SimulatedPaymentGateway"/>
/// (local default) and <see cref="StripePaymentGateway"/>.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The provider's name as stored in transactions.payment_provider and used in webhook routes.</summary>
    string Provider { get; }

    /// <summary>
    /// Charges <see cref="ChargeRequest.PaymentMethod"/>. A decline is a result, not an exception; a
    /// transient failure (network, provider 5xx, rate limit) throws <see cref="PaymentGatewayTransientException"/>
    /// so the caller retries with the same idempotency key.
    /// </summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct);

    /// <summary>Refunds a charge in full. Transient failures throw <see cref="PaymentGatewayTransientException"/>.</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct);

    /// <summary>Moves money to a creator's connected account (the payouts feature).</summary>
    Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken ct);

    /// <summary>Checks the signature (and its age) of a webhook and reads the event; null when it does not verify.</summary>
    PaymentWebhookEvent? VerifyWebhook(string payload, string? signatureHeader);
}

/// <param name="IdempotencyKey">Same key, same effect: the provider returns the first result again.</param>
/// <param name="Amount">In major units (12.34); implementations convert to the provider's minor units.</param>
public sealed record ChargeRequest(
    string IdempotencyKey, decimal Amount, string Currency, string PaymentMethod, string Description,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>Succeeded with the provider's ids, or declined with the provider's reason code.</summary>
public sealed record ChargeResult(bool Succeeded, string? PaymentId, string? ChargeId, string? DeclineCode, string? DeclineMessage)
{
    public static ChargeResult Success(string paymentId, string? chargeId) => new(true, paymentId, chargeId, null, null);
    public static ChargeResult Declined(string code, string message) => new(false, null, null, code, message);
}

/// <param name="PaymentId">The id stored as provider_transaction_id (a PaymentIntent for Stripe).</param>
public sealed record RefundRequest(string IdempotencyKey, string PaymentId, string Reason, IReadOnlyDictionary<string, string> Metadata);

public sealed record RefundResult(string RefundId);

public sealed record TransferRequest(
    string IdempotencyKey, decimal Amount, string Currency, string Destination, IReadOnlyDictionary<string, string> Metadata);

public sealed record TransferResult(string TransferId);

/// <summary>
/// A verified webhook, reduced to what the ledger needs: the provider's event id (for dedupe), its type,
/// the payment it is about (PaymentIntent id for Stripe, and the charge's id) and, for charge.refunded,
/// whether the charge is now refunded in full (Stripe sends charge.refunded for partial refunds too).
/// </summary>
public sealed record PaymentWebhookEvent(string EventId, string Type, string? PaymentId, string? ChargeId, bool FullyRefunded = false);

/// <summary>The provider could not answer now (network, 5xx, rate limit); retry with the same idempotency key.</summary>
public sealed class PaymentGatewayTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Webhook event types the ledger applies; others are acknowledged and ignored.</summary>
public static class PaymentWebhookTypes
{
    public const string ChargeRefunded = "charge.refunded";
    public const string DisputeCreated = "charge.dispute.created";
}
