using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace NrsGirls.LocalHost;

/// <summary>
/// Polls each queue trigger's queue in the AzureWebJobsStorage account with the queue semantics the
/// Functions host documents (host.json extensions.queues): up to batchSize messages at a time, processed
/// concurrently; success deletes the message; failure makes it visible again after visibilityTimeout;
/// the try whose dequeue count reaches maxDequeueCount moves it, content unchanged, to &lt;queue&gt;-poison.
/// An empty queue is polled less and less often, up to maxPollingInterval.
/// </summary>
internal sealed class QueueListener(
    FunctionApp app, QueueServiceClient queues, IServiceProvider services, InvocationLog log, ILogger<QueueListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(app.Queues.Select(q => ListenAsync(q, stoppingToken)));

    private async Task ListenAsync(QueueFunction function, CancellationToken stop)
    {
        var settings = app.Manifest.Queues;
        var queue = queues.GetQueueClient(function.QueueName);
        var poison = queues.GetQueueClient(function.QueueName + "-poison");
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: stop);
            logger.LogInformation("Listening to queue {Queue} for {Function} (batch {BatchSize}, maxDequeueCount {MaxDequeueCount}, retry after {VisibilityTimeout})",
                function.QueueName, function.Name, settings.BatchSize, settings.MaxDequeueCount, settings.VisibilityTimeout);
            var delay = MinimumPollingInterval;
            while (!stop.IsCancellationRequested)
            {
                QueueMessage[] batch;
                try
                {
                    // The lease covers the longest a function may run (host.json functionTimeout, capped by the
                    // service's 7-day maximum); a message whose handler crashed the process comes back after it.
                    var lease = app.Manifest.FunctionTimeout < TimeSpan.FromDays(7) ? app.Manifest.FunctionTimeout : TimeSpan.FromDays(7);
                    batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, lease, stop)).Value;
                }
                catch (RequestFailedException ex)
                {
                    logger.LogWarning("Polling queue {Queue} failed ({Status} {Code}); retrying", function.QueueName, ex.Status, ex.ErrorCode);
                    batch = [];
                }
                if (batch.Length == 0)
                {
                    await Task.Delay(delay, stop);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(settings.MaxPollingInterval.Ticks, MinimumPollingInterval.Ticks)));
                    continue;
                }
                delay = MinimumPollingInterval;
                await Task.WhenAll(batch.Select(m => ProcessAsync(function, queue, poison, m, stop)));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private async Task ProcessAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stop)
    {
        var max = app.Manifest.Queues.MaxDequeueCount;
        var trigger = $"queue {function.QueueName} message {message.MessageId} try {message.DequeueCount}";
        // A message already past its last try (its handler crashed the process) is not run again.
        if (message.DequeueCount > max)
        {
            await MoveToPoisonAsync(function, queue, poison, message, stop);
            return;
        }
        var sw = Stopwatch.StartNew();
        try
        {
            await using (var scope = services.CreateAsyncScope())
                await function.Invoker.InvokeAsync(scope.ServiceProvider, new InvocationInput(stop) { Message = message });
            log.Record(function.Name, trigger, "succeeded", true, sw.Elapsed);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            log.Record(function.Name, trigger, "failed: " + ex.GetType().Name, false, sw.Elapsed, ex);
            if (message.DequeueCount >= max)
                await MoveToPoisonAsync(function, queue, poison, message, CancellationToken.None);
            else
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: app.Manifest.Queues.VisibilityTimeout,
                    cancellationToken: CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // Stopping: hand the message back now rather than after its lease.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
    }

    private async Task MoveToPoisonAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: ct);
        await poison.SendMessageAsync(message.Body, cancellationToken: ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        logger.LogWarning("Message {MessageId} of {Queue} moved to {PoisonQueue} after {DequeueCount} tries of {Function}",
            message.MessageId, function.QueueName, poison.Name, message.DequeueCount, function.Name);
    }
}
