using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Shared.Payments;

/// <summary>POST creators/{id}/tips: the body as sent (nulls are reported as missing fields).</summary>
public sealed record TipRequest(decimal? Amount, string? Currency, string? PaymentMethod, string? Message);

/// <summary>The 202 answer (stored and replayed verbatim for the same Idempotency-Key).</summary>
public sealed record PaymentAccepted(Guid TransactionId, string Status);

/// <summary>
/// Tips: validated, the creator visible to the caller (CreatorAccess: blocked users and regions get 404),
/// never to oneself, then accepted as a pending ledger row and charged by the queue handler.
/// </summary>
public sealed class TipService(CreatorAccess creators, PaymentRequests payments, PaymentOptions options)
{
    public const string Scope = "tip";
    public const int MaxMessageLength = 500;

    public async Task<Outcome<IdempotentResponse>> TipAsync(Caller payer, Guid creatorId, string? idempotencyKey, TipRequest body,
        ClientInfo client, CancellationToken ct)
    {
        var key = IdempotentRequests.ValidateKey(idempotencyKey);
        if (!key.IsOk) return key.Error;
        var errors = new Dictionary<string, string[]>();
        if (body.Amount is not { } amount) errors["amount"] = ["is required."];
        else if (!Money.HasCents(amount)) errors["amount"] = ["must have at most 2 decimals."];
        else if (amount < options.TipMinAmount || amount > options.TipMaxAmount)
            errors["amount"] = [$"must be from {options.TipMinAmount:0.00} to {options.TipMaxAmount:0.00}."];
        payments.ValidateCurrency(body.Currency, errors);
        PaymentRequests.ValidatePaymentMethod(body.PaymentMethod, errors);
        if (body.Message is { Length: > MaxMessageLength }) errors["message"] = [$"must be at most {MaxMessageLength} characters."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        var creator = await creators.FindVisibleAsync(creatorId, payer, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (creator.Value.IsOwnedBy(payer)) return PaymentErrors.SelfTip;

        var normalized = decimal.Round(body.Amount!.Value, 2);
        var request = new IdempotentRequest(payer.UserId, Scope, key.Value,
            IdempotentRequests.Fingerprint("tips", creatorId, normalized.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                body.Currency, body.PaymentMethod, body.Message));
        var payment = payments.NewPayment(payer, creator.Value, "tip", normalized, body.Currency!, body.PaymentMethod!,
            new Dictionary<string, object?> { ["message"] = body.Message, ["idempotencyKey"] = key.Value });
        return await payments.AcceptAsync(request, payment, (_, _) =>
            Task.FromResult<Outcome<IdempotentResult>>(new IdempotentResult(202, new PaymentAccepted(payment.Id, "pending"), payment.Id)), ct);
    }
}
