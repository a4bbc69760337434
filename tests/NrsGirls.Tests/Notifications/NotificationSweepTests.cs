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
}
