using NrsGirls.Shared.Notifications;

namespace NrsGirls.Tests.Notifications;

/// <summary>Its own fixture: the sweep compares the (manual) clock with when events were recorded.</summary>
public class NotificationSweepTests(NotificationsFixture app) : IClassFixture<NotificationsFixture>
{
    [Fact]
    public async Task The_sweep_enqueues_events_whose_message_was_lost_and_the_queue_path_delivers_them()
    {
        var user = await app.User();
        var e = new NotificationEvent(NotificationTypes.Payout, $"payout:{Guid.NewGuid():N}", NotificationAudience.To(user), "Payout sent", "Your payout is on its way.", null);
        var id = (await app.Raise(e))!.Value; // committed, never enqueued: the producer "crashed"
        var dispatcher = app.Services.GetRequiredService<NotificationDispatcher>();

        Assert.Equal(0, await dispatcher.SweepAsync(default)); // within the grace period: the producer may still enqueue
        app.Clock.Advance(NotificationDispatcher.Grace + TimeSpan.FromMinutes(1)); // the clock started with the fixture, a little earlier
        Assert.True(await dispatcher.SweepAsync(default) >= 1);

        var messages = (await app.NotificationsQueue.ReceiveMessagesAsync(32)).Value;
        var ids = messages.Select(m => NotificationsFixture.Read(m).EventId).ToList();
        Assert.Contains(id, ids);
        foreach (var eventId in ids) await app.Processor.ProcessAsync(eventId, default);
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from notifications where dedupe_key = @DedupeKey", e));
        Assert.NotNull(await app.Scalar<DateTime?>("select processed_at from notification_outbox where id = @id", new { id }));
    }

    [Fact]
    public async Task An_event_that_never_gets_processed_is_swept_at_most_MaxSweeps_times_then_left_to_deep_health()
    {
        var user = await app.User();
        var e = new NotificationEvent(NotificationTypes.Payout, $"payout:{Guid.NewGuid():N}", NotificationAudience.To(user), "Payout sent", "On its way.", null);
        var id = (await app.Raise(e))!.Value; // its messages are never processed: each one "ends in poison"
        var dispatcher = app.Services.GetRequiredService<NotificationDispatcher>();
        var deep = app.Services.GetRequiredService<NrsGirls.Shared.Operations.DeepHealthService>();

        var sent = 0;
        for (var sweep = 0; sweep < NotificationDispatcher.MaxSweeps + 3; sweep++)
        {
            app.Clock.Advance(NotificationDispatcher.Grace + TimeSpan.FromMinutes(1));
            await dispatcher.SweepAsync(default);
            var messages = (await app.NotificationsQueue.ReceiveMessagesAsync(32)).Value;
            sent += messages.Count(m => NotificationsFixture.Read(m).EventId == id);
            foreach (var m in messages) await app.NotificationsQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        }

        Assert.Equal(NotificationDispatcher.MaxSweeps, sent);
        Assert.Equal(NotificationDispatcher.MaxSweeps, await app.Scalar<int>("select sweep_attempts from notification_outbox where id = @id", new { id }));
        var abandoned = await dispatcher.AbandonedAsync(default);
        Assert.True(abandoned.Count >= 1);
        var report = await deep.CheckAsync(default);
        Assert.Contains(report.Reasons, r => r.StartsWith("notification outbox: ", StringComparison.Ordinal));

        // Processed after all (an operator replays it): nothing is abandoned any more.
        await app.Processor.ProcessAsync(id, default);
        Assert.DoesNotContain((await deep.CheckAsync(default)).Reasons, r => r.StartsWith("notification outbox: ", StringComparison.Ordinal));
    }
}
