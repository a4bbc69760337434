using NrsGirls.Shared.Storage;
using Azure.Storage.Queues;

namespace NrsGirls.Shared.Payments;

/// <summary>The tips queue's message: the ledger row to charge (id and created_at, so the handler reads one partition).</summary>
public sealed record PaymentMessage(Guid TransactionId, DateTimeOffset CreatedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null when the text is not one (it is then left to the poison queue's operator).</summary>
    public static PaymentMessage? Parse(string text)
    {
        try
        {
            var m = JsonSerializer.Deserialize<PaymentMessage>(text, Json);
            return m is null || m.TransactionId == Guid.Empty ? null : m;
        }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// Producer side of the tips queue (tips and private-show charges alike). The pending ledger row is the
/// outbox: enqueueing after commit may fail or never happen (process death), and the re-enqueue timer
/// (<see cref="PaymentRequeue"/>) sends the message again for rows still pending a few minutes later.
/// </summary>
public sealed class PaymentQueue(QueueServiceClient queues, QueueNames names)
{
    private readonly ProducerQueue _queue = new(queues, names.Tips);

    public Task SendAsync(PaymentMessage message, CancellationToken ct) => _queue.SendAsync(message.ToJson(), ct);
}
