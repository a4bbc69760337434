using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NrsGirls.Shared.Payments;

/// <summary>
/// The local default gateway: deterministic outcomes from Stripe's test payment-method tokens, honouring
/// idempotency keys (the same key returns the first result and charges once), and webhooks signed with
/// Stripe's scheme (<see cref="WebhookSignature"/>) so the webhook route is the real one. State lives in
/// this process (one instance is one "provider account"); counts are exposed for tests.
/// <list type="bullet">
/// <item><c>pm_card_visa</c>, <c>pm_card_mastercard</c>, any other <c>pm_card_*</c> not below: succeeds.</item>
/// <item><c>pm_card_chargeDeclined</c>: declined, generic_decline. <c>pm_card_insufficient_funds</c>: declined, insufficient_funds.</item>
/// <item><c>pm_card_transient</c>: the first attempt of each idempotency key fails transiently, the retry succeeds.</item>
/// <item><c>pm_card_unavailable</c>: always fails transiently (for poison-queue tests).</item>
/// <item>anything not starting with <c>pm_</c>: declined, invalid_payment_method.</item>
/// </list>
/// </summary>
public sealed class SimulatedPaymentGateway(PaymentOptions options, TimeProvider clock) : IPaymentGateway
{
    public const string Visa = "pm_card_visa";
    public const string Declined = "pm_card_chargeDeclined";
    public const string InsufficientFunds = "pm_card_insufficient_funds";
    public const string TransientOnce = "pm_card_transient";
    public const string AlwaysTransient = "pm_card_unavailable";

    private readonly ConcurrentDictionary<string, Lazy<ChargeResult>> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _transfers = new(StringComparer.Ordinal);
    private long _successfulCharges;

    public string Provider => PaymentOptions.Simulated;

    /// <summary>Money actually taken: successful charges, each idempotency key counted once.</summary>
    public long SuccessfulCharges => Interlocked.Read(ref _successfulCharges);

    /// <summary>Refunds actually made, each idempotency key counted once.</summary>
    public int Refunds => _refunds.Count;

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (request.Amount <= 0 || decimal.Round(request.Amount, 2) != request.Amount)
            throw new ArgumentOutOfRangeException(nameof(request), request.Amount, "Amount must be positive with at most 2 decimals.");
        if (_charges.TryGetValue(request.IdempotencyKey, out var done)) return Task.FromResult(done.Value);

        var attempt = _attempts.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        if (request.PaymentMethod == AlwaysTransient || (request.PaymentMethod == TransientOnce && attempt == 1))
            throw new PaymentGatewayTransientException($"Simulated provider unavailable (attempt {attempt}).");

        var result = _charges.GetOrAdd(request.IdempotencyKey, key => new Lazy<ChargeResult>(() =>
        {
            var outcome = Decide(request.PaymentMethod, key);
            if (outcome.Succeeded) Interlocked.Increment(ref _successfulCharges);
            return outcome;
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        return Task.FromResult(result.Value);
    }

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var id = _refunds.GetOrAdd(request.IdempotencyKey, key => "re_sim_" + Short(key));
        return Task.FromResult(new RefundResult(id));
    }

    public Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var id = _transfers.GetOrAdd(request.IdempotencyKey, key => "tr_sim_" + Short(key));
        return Task.FromResult(new TransferResult(id));
    }

    public PaymentWebhookEvent? VerifyWebhook(string payload, string? signatureHeader) =>
        WebhookSignature.Verify(payload, signatureHeader, options.SimulatedWebhookSecret, clock.GetUtcNow())
            ? WebhookSignature.Read(payload)
            : null;

    /// <summary>The Stripe-Signature header this provider would send for <paramref name="payload"/> now.</summary>
    public string SignWebhook(string payload) => WebhookSignature.Sign(payload, options.SimulatedWebhookSecret, clock.GetUtcNow());

    /// <summary>The charge id the simulated provider gives the payment <paramref name="paymentId"/>.</summary>
    public static string ChargeIdOf(string paymentId) => "ch_" + paymentId["pi_".Length..];

    private static ChargeResult Decide(string paymentMethod, string key) => paymentMethod switch
    {
        Declined => ChargeResult.Declined("generic_decline", "Your card was declined."),
        InsufficientFunds => ChargeResult.Declined("insufficient_funds", "Your card has insufficient funds."),
        _ when !paymentMethod.StartsWith("pm_", StringComparison.Ordinal) =>
            ChargeResult.Declined("invalid_payment_method", "No such payment method."),
        _ => ChargeResult.Success("pi_sim_" + Short(key), ChargeIdOf("pi_sim_" + Short(key))),
    };

    private static string Short(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
}
