using NrsGirls.Shared.Analytics;

namespace NrsGirls.Shared.Payments;

/// <summary>What one delivery of a payment message did.</summary>
public enum ProcessResult { Completed, Failed, AlreadyProcessed, NotFound }

/// <summary>
/// The tips queue's handler logic (tips and private-show charges): read the row; if still pending, charge
/// through the gateway with the transaction id as the idempotency key (so five deliveries, or two
/// instances at once, charge once at the provider), then ONE statement completes it (or fails it with
/// the provider's reason), stores the provider's ids, adds the net to the profile's total_earnings and
/// writes the notification event. Only the delivery whose statement changed the row records analytics.
/// A transient gateway failure throws (the host retries; after maxDequeueCount the message goes to
/// tips-poison and the row stays pending for <see cref="PaymentRequeue"/> and an operator).
/// </summary>
public sealed class PaymentProcessor(NpgsqlDataSource db, IPaymentGateway gateway, AnalyticsWriter analytics,
    Notifications.NotificationDispatcher notifications, TimeProvider clock, ILogger<PaymentProcessor> log)
{
    public async Task<ProcessResult> ProcessAsync(PaymentMessage message, CancellationToken ct)
    {
        var row = await LedgerStore.FindAsync(db, message.TransactionId, message.CreatedAt, ct);
        if (row is null)
        {
            log.LogWarning("Payment message for unknown transaction {TransactionId} ({CreatedAt:o}) ignored", message.TransactionId, message.CreatedAt);
            return ProcessResult.NotFound;
        }
        if (row.Status != "pending") return ProcessResult.AlreadyProcessed;

        var charge = await gateway.ChargeAsync(new ChargeRequest(
            row.Id.ToString("D"), row.Amount, row.Currency, row.PaymentMethod ?? "",
            $"NrsGirls {row.TransactionType.Replace('_', ' ')} {row.Id:D}",
            new Dictionary<string, string>
            {
                ["transaction_id"] = row.Id.ToString("D"),
                ["transaction_type"] = row.TransactionType,
                ["creator_id"] = row.CreatorId.ToString("D"),
                ["creator_type"] = row.CreatorType,
                ["payer_id"] = row.UserId.ToString("D"),
            }), ct);

        var now = clock.GetUtcNow();
        if (!charge.Succeeded)
        {
            var failed = await LedgerStore.FailAsync(db, row.Id, message.CreatedAt, charge.DeclineCode ?? "declined",
                charge.DeclineMessage ?? "Declined.", now, ct);
            if (!failed) return ProcessResult.AlreadyProcessed;
            // Deliver the payer's notice now; the outbox sweep would otherwise take it within minutes.
            await notifications.EnqueueByKeyAsync($"{row.TransactionType}.failed:{row.Id:D}", ct);
            return ProcessResult.Failed;
        }

        if (!await LedgerStore.CompleteAsync(db, row.Id, message.CreatedAt, charge.PaymentId!, charge.ChargeId, now, ct))
            return ProcessResult.AlreadyProcessed;
        await notifications.EnqueueByKeyAsync($"{row.TransactionType}.completed:{row.Id:D}", ct);
        analytics.Record(new AnalyticsEvent(
            row.TransactionType == "private_show" ? AnalyticsEventTypes.PrivateShow : AnalyticsEventTypes.Tip,
            row.UserId, row.CreatorId, row.Id, row.Amount, now,
            Metadata: new Dictionary<string, string> { ["currency"] = row.Currency, ["creatorType"] = row.CreatorType }));
        return ProcessResult.Completed;
    }
}
