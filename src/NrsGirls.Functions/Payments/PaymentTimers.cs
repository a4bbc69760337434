using NrsGirls.Shared.Idempotency;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

public sealed class PaymentTimers(PaymentRequeue requeue, IdempotentRequests idempotency, LedgerAudit audit, ILogger<PaymentTimers> logger)
{
    /// <summary>Every 5 minutes: the outbox relay re-sends pending payments whose message may be lost.</summary>
    [Function(nameof(RequeuePendingPayments))]
    public async Task RequeuePendingPayments([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var sent = await requeue.RequeueAsync(ct);
        if (sent > 0) logger.LogWarning("Re-enqueued {Count} pending payments", sent);
    }

    /// <summary>Hourly: idempotency keys are kept 24 hours.</summary>
    [Function(nameof(PurgeIdempotencyKeys))]
    public async Task PurgeIdempotencyKeys([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        int n, total = 0;
        do total += n = await idempotency.PurgeExpiredAsync(5000, ct);
        while (n > 0 && !ct.IsCancellationRequested);
        logger.LogInformation("Purged {Count} expired idempotency keys", total);
    }

    /// <summary>Daily at 04:30 UTC: the ledger's invariants; one error log line per violation.</summary>
    [Function(nameof(AuditLedger))]
    public async Task AuditLedger([TimerTrigger("0 30 4 * * *")] TimerInfo timer, CancellationToken ct)
    {
        var violations = await audit.CheckAsync(ct);
        foreach (var v in violations)
            logger.LogError("Ledger violation {Rule} {Subject}: {Detail}", v.Rule, v.Subject, v.Detail);
        logger.LogInformation("Ledger audit: {Count} violations", violations.Count);
    }
}
