using Azure.Storage.Queues;

namespace NrsGirls.Tests.Hosting;

/// <summary>Issue 3: queue triggers polled from the fixture's Azurite with the Functions host's semantics.</summary>
public class LocalHostQueueTests(LocalHostFixture app) : IClassFixture<LocalHostFixture>
{
    // The app's own client: base64 messages, as the Functions host expects by default.
    private QueueClient Queue(string name) => app.Host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(name);

    [Fact]
    public async Task A_message_put_on_a_queue_reaches_its_handler_once_and_is_deleted()
    {
        var id = Guid.NewGuid();
        var queue = Queue(app.RecordQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { id, text = "hello" }));

        await Poll.UntilAsync(() => app.QueryAsync<int>("select count(*)::int from local_host_messages where id = @id", new { id }), n => n == 1, "the handler's row");
        // Deleted, not merely hidden: the approximate count includes invisible messages.
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, "the message to be deleted");

        Assert.Equal(1, await app.QueryAsync<int>("select deliveries from local_host_messages where id = @id", new { id }));
        Assert.Equal("hello", await app.QueryAsync<string>("select text from local_host_messages where id = @id", new { id }));
        Assert.Single(app.Host.Invocations.Snapshot(), i => i.Function == "RecordMessage" && i.Trigger.Contains(app.RecordQueue) && i.Succeeded);
    }

    [Fact]
    public async Task A_handler_that_always_throws_sends_its_message_to_poison_after_exactly_maxDequeueCount_tries_and_writes_nothing()
    {
        var max = app.Host.App.Manifest.Queues.MaxDequeueCount;
        Assert.Equal(3, max); // the test app's host.json
        var body = JsonSerializer.Serialize(new { id = Guid.NewGuid(), text = "doomed" });
        var queue = Queue(app.FailQueue);
        var poison = Queue(app.FailQueue + "-poison");
        await queue.CreateIfNotExistsAsync();
        var sent = (await queue.SendMessageAsync(body)).Value;

        var poisoned = await Poll.UntilAsync(async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(10)).Value : [],
            m => m.Length > 0, "the message in the poison queue");

        Assert.Equal(body, Assert.Single(poisoned).Body.ToString());
        var tries = app.Host.Invocations.Snapshot().Where(i => i.Function == "AlwaysFails" && i.Trigger.Contains(sent.MessageId)).ToList();
        Assert.Equal(max, tries.Count);
        Assert.All(tries, t => Assert.False(t.Succeeded));
        // The listener copies the message to poison, then deletes the original: the delete may land a moment later.
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            "the original queue to be empty", TimeSpan.FromSeconds(10));
        Assert.Equal(0, await app.QueryAsync<int>("select count(*)::int from local_host_failed_writes"));
    }
}
