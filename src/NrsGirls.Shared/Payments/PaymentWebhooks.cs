namespace NrsGirls.Shared.Payments;

/// <summary>What a webhook delivery did: <see cref="Duplicate"/> when the event id was seen before.</summary>
public sealed record WebhookAck(string EventId, string Outcome, bool Duplicate);

/// <summary>
/// POST webhooks/payments/{provider}: the signature is checked (bad or stale: 400, nothing written), the
/// event is deduplicated on the provider's event id, and applied in the same PostgreSQL transaction as
/// the dedupe row (database work only, so the answer is fast):
/// charge.refunded marks the payment refunded (the provider already refunded it; no gateway call);
/// charge.dispute.created refunds it in the ledger with reason chargeback and restricts the payer.
/// </summary>
public sealed class PaymentWebhooks(NpgsqlDataSource db, IPaymentGateway gateway, TimeProvider clock)
{
    /// <summary>metadata.refundedBy of a refund a webhook applied: this prefix and the provider's event id.</summary>
    public const string RefundedByPrefix = "webhook:";

    public async Task<Outcome<WebhookAck>> HandleAsync(string provider, string payload, string? signature, CancellationToken ct)
    {
        if (!string.Equals(provider, gateway.Provider, StringComparison.Ordinal)) return PaymentErrors.UnknownProvider;
        var ev = gateway.VerifyWebhook(payload, signature);
        if (ev is null) return PaymentErrors.BadSignature;

        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var fresh = await conn.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            insert into payment_webhook_events (provider, event_id, event_type, provider_transaction_id, outcome, received_at)
            values (@provider, @EventId, @Type, @PaymentId, 'received', @now)
            on conflict (provider, event_id) do nothing
            returning true
            """, new { provider, ev.EventId, ev.Type, ev.PaymentId, now }, transaction: tx, cancellationToken: ct)) == true;
        if (!fresh)
        {
            await tx.RollbackAsync(ct);
            return new WebhookAck(ev.EventId, "duplicate", Duplicate: true);
        }

        var outcome = await ApplyAsync(conn, tx, ev, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update payment_webhook_events set outcome = @outcome where provider = @provider and event_id = @EventId",
            new { outcome, provider, ev.EventId }, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new WebhookAck(ev.EventId, outcome, Duplicate: false);
    }

    private static async Task<string> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PaymentWebhookEvent ev, DateTimeOffset now,
        CancellationToken ct)
    {
        if (ev.Type is not (PaymentWebhookTypes.ChargeRefunded or PaymentWebhookTypes.DisputeCreated)) return "ignored";
        var row = ev.PaymentId is { } pid ? await LedgerStore.FindByProviderIdAsync(conn, tx, pid, ct) : null;
        if (row is null) return "unknown_payment";
        var by = RefundedByPrefix + ev.EventId;
        // A partial refund made at the provider is not mirrored: the ledger refunds whole payments only, so
        // taking the whole net back would be wrong. The outcome is stored for an operator to settle by hand.
        if (ev.Type == PaymentWebhookTypes.ChargeRefunded && !ev.FullyRefunded) return "partial_refund_not_applied";
        if (ev.Type == PaymentWebhookTypes.ChargeRefunded)
            return await LedgerStore.RefundAsync(conn, tx, row.Id, row.CreatedAt, null, "provider_refund", by, now, ct) ? "refunded" : "already_refunded";

        var refunded = await LedgerStore.RefundAsync(conn, tx, row.Id, row.CreatedAt, null, PaymentRestrictions.ChargebackReason, by, now, ct);
        await PaymentRestrictions.RestrictAsync(conn, tx, row.UserId, PaymentRestrictions.ChargebackReason, row.Id, now, ct);
        return refunded ? "chargeback" : "payer_restricted";
    }
}
