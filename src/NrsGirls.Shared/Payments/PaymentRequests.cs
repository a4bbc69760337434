using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Shared.Payments;

/// <summary>
/// The one way a payer's request becomes money in motion (tips, private shows): in ONE PostgreSQL
/// transaction the idempotency record, a pending ledger row (fee and net fixed now) and the feature's own
/// row; after commit the queue message. Replays send nothing again; a lost message is re-sent by
/// <see cref="PaymentRequeue"/>.
/// </summary>
public sealed class PaymentRequests(
    IdempotentRequests idempotency, PaymentQueue queue, IPaymentGateway gateway,
    PaymentOptions options, TimeProvider clock, ILogger<PaymentRequests> log)
{
    public const int MaxPaymentMethodLength = 50;

    /// <summary>The currency field of a request that names one (tips, private-show terms).</summary>
    public void ValidateCurrency(string? currency, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(currency)) errors["currency"] = ["is required."];
        else if (!options.Currencies.Contains(currency, StringComparer.Ordinal))
            errors["currency"] = [$"must be one of {string.Join(", ", options.Currencies)} (ISO 4217, upper case)."];
    }

    /// <summary>The paymentMethod field of a request that moves money (tips, bookings).</summary>
    public static void ValidatePaymentMethod(string? paymentMethod, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(paymentMethod)) errors["paymentMethod"] = ["is required."];
        else if (paymentMethod.Length > MaxPaymentMethodLength) errors["paymentMethod"] = [$"must be at most {MaxPaymentMethodLength} characters."];
    }

    /// <summary>A pending ledger row for <paramref name="payer"/> paying <paramref name="creator"/>, with fee and net computed now.</summary>
    public PendingPayment NewPayment(Caller payer, CreatorRef creator, string type, decimal amount, string currency, string paymentMethod,
        IReadOnlyDictionary<string, object?> metadata)
    {
        var (fee, net) = Money.Split(amount, options.PlatformFeeRate);
        // PostgreSQL keeps microseconds: the queue message's created_at must equal the stored one exactly.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.UtcTicks % 10));
        return new PendingPayment(Guid.CreateVersion7(), payer.UserId, creator.Id, creator.Type, type, amount, currency, fee, net,
            paymentMethod, gateway.Provider, JsonSerializer.Serialize(metadata), now);
    }

    /// <summary>
    /// Writes the idempotency record, <paramref name="payment"/> and whatever <paramref name="alsoWrite"/>
    /// adds (it returns the answer to store) in one transaction, then enqueues the charge.
    /// </summary>
    public async Task<Outcome<IdempotentResponse>> AcceptAsync(IdempotentRequest request, PendingPayment payment,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<Outcome<IdempotentResult>>> alsoWrite, CancellationToken ct)
    {
        var response = await idempotency.RunAsync(request, async (conn, tx) =>
        {
            // Checked for new executions only: a replay moves no money and answers as the first time.
            if (await PaymentRestrictions.IsRestrictedAsync(conn, tx, payment.UserId, ct)) return PaymentErrors.Restricted;
            await LedgerStore.InsertPendingAsync(conn, tx, payment, ct);
            return await alsoWrite(conn, tx);
        }, ct);
        if (response.IsOk && !response.Value.Replayed)
        {
            try
            {
                await queue.SendAsync(new PaymentMessage(payment.Id, payment.CreatedAt), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Committed but not enqueued: the pending row is the outbox, the re-enqueue timer sends it.
                log.LogWarning(e, "Payment {TransactionId} committed but not enqueued; the re-enqueue timer will send it", payment.Id);
            }
        }
        return response;
    }
}
