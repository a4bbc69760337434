namespace NrsGirls.Shared.Payments;

/// <summary>A ledger row as the API shows it (payer's history, admin refunds).</summary>
public sealed record TransactionView(
    Guid Id, string Type, Guid CreatorId, string CreatorType, decimal Amount, string Currency, decimal PlatformFee, decimal NetAmount,
    string Status, string? FailureCode, string? RefundReason, DateTimeOffset CreatedAt, DateTimeOffset? ProcessedAt)
{
    public static TransactionView From(LedgerRow r)
    {
        string? failure = null, reason = null;
        if (r.Metadata is { } m)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(m);
            if (doc.RootElement.TryGetProperty("failureCode", out var f)) failure = f.GetString();
            if (r.Status == "refunded" && doc.RootElement.TryGetProperty("reason", out var x)) reason = x.GetString();
        }
        return new TransactionView(r.Id, r.TransactionType, r.CreatorId, r.CreatorType, r.Amount, r.Currency, r.PlatformFee, r.NetAmount,
            r.Status, failure, reason, Utc(r.CreatedAt), r.ProcessedAt is { } p ? Utc(p) : null);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}

/// <summary>
/// Refunds through the gateway (idempotency key "refund:&lt;transaction id&gt;", so a retried refund refunds
/// once), then completed → refunded in one statement that also takes the net back from total_earnings.
/// A refund after payout leaves the creator in debt (see EarningsService), never a negative balance.
/// </summary>
public sealed class RefundService(NpgsqlDataSource db, IPaymentGateway gateway, TimeProvider clock)
{
    private static bool RefundedByWebhook(LedgerRow row)
    {
        if (row.Metadata is null) return false;
        using var doc = JsonDocument.Parse(row.Metadata);
        return doc.RootElement.TryGetProperty("refundedBy", out var by) && by.ValueKind == JsonValueKind.String
            && by.GetString()!.StartsWith(PaymentWebhooks.RefundedByPrefix, StringComparison.Ordinal);
    }

    public const int MaxReasonLength = 500;

    /// <summary>POST admin/transactions/{id}/refund: admins only (the function checks the role too).</summary>
    public async Task<Outcome<TransactionView>> RefundAsync(Caller admin, Guid transactionId, string? reason, CancellationToken ct)
    {
        if (!admin.IsAdmin) return new ServiceError(ErrorKind.Forbidden, "forbidden", "Only admins may refund.");
        if (string.IsNullOrWhiteSpace(reason)) return ServiceError.Invalid("reason", "is required.");
        if (reason.Length > MaxReasonLength) return ServiceError.Invalid("reason", $"must be at most {MaxReasonLength} characters.");
        var row = await LedgerStore.FindAsync(db, transactionId, ct);
        if (row is null) return PaymentErrors.TransactionNotFound;
        return await RefundPaymentAsync(row, reason.Trim(), $"admin:{admin.UserId:D}", ct);
    }

    /// <summary>Refunds a completed payment in full (admin refunds, declined, cancelled and expired private shows).</summary>
    public async Task<Outcome<TransactionView>> RefundPaymentAsync(LedgerRow row, string reason, string by, CancellationToken ct)
    {
        if (row.Status == "refunded") return PaymentErrors.AlreadyRefunded;
        if (row.Status != "completed" || row.TransactionType == "payout" || row.ProviderTransactionId is null) return PaymentErrors.NotRefundable;
        RefundResult refund;
        try
        {
            refund = await gateway.RefundAsync(new RefundRequest($"refund:{row.Id:D}", row.ProviderTransactionId, reason,
                new Dictionary<string, string> { ["transaction_id"] = row.Id.ToString("D"), ["refunded_by"] = by }), ct);
        }
        catch (PaymentGatewayTransientException)
        {
            return PaymentErrors.GatewayUnavailable;
        }
        bool changed;
        await using (var conn = await db.OpenConnectionAsync(ct))
            changed = await LedgerStore.RefundAsync(conn, null, row.Id, row.CreatedAt, refund.RefundId, reason, by, clock.GetUtcNow(), ct);
        var now = await LedgerStore.FindAsync(db, row.Id, row.CreatedAt, ct);
        if (changed) return TransactionView.From(now!);
        // Not changed: something refunded it between our read and our statement. The provider's charge.refunded
        // webhook for this very refund can win that race: the payment is refunded as asked, so that is success.
        // Another admin's refund (the same gateway key, so one refund at the provider) is 409 as before.
        if (now is { Status: "refunded" } && RefundedByWebhook(now)) return TransactionView.From(now);
        return now?.Status == "refunded" ? PaymentErrors.AlreadyRefunded : PaymentErrors.NotRefundable;
    }
}
