using Azure.Storage.Queues;

namespace NrsGirls.Shared.Storage;

/// <summary>
/// The one way producers send to a queue (tips, notifications, track scans): the queue is created on the
/// first send, and marked ready only once creation succeeded, so a failed creation is tried again and no
/// concurrent sender sends before the queue exists.
/// </summary>
public sealed class ProducerQueue(QueueServiceClient queues, string name)
{
    private QueueClient? _ready;

    public async Task SendAsync(string message, CancellationToken ct)
    {
        var client = _ready;
        if (client is null)
        {
            client = queues.GetQueueClient(name);
            await client.CreateIfNotExistsAsync(cancellationToken: ct);
            _ready = client;
        }
        await client.SendMessageAsync(message, ct);
    }
}
