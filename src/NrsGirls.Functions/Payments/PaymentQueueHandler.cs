using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>
/// The tips queue (tips and private-show charges). A transient gateway failure throws so the host
/// retries; after maxDequeueCount the message goes to tips-poison and the row stays pending for the
/// re-enqueue timer. Duplicates and redeliveries are harmless (see <see cref="PaymentProcessor"/>).
/// </summary>
public sealed class PaymentQueueHandler(PaymentProcessor processor, ILogger<PaymentQueueHandler> logger)
{
    [Function(nameof(ProcessPayment))]
    public async Task ProcessPayment([QueueTrigger("%NRSGIRLS_TIPS_QUEUE%")] string message, CancellationToken ct)
    {
        if (PaymentMessage.Parse(message) is not { } payment)
        {
            // Retrying cannot fix it: log and let it be deleted.
            logger.LogError("Malformed payment message dropped: {Message}", message.Length > 200 ? message[..200] : message);
            return;
        }
        var result = await processor.ProcessAsync(payment, ct);
        logger.LogInformation("Payment {TransactionId}: {Result}", payment.TransactionId, result);
    }
}
