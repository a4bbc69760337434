using NrsGirls.Functions.Accounts;
using NrsGirls.Functions.Creators;
using NrsGirls.Functions.Moderation;
using NrsGirls.Functions.Notifications;
using NrsGirls.Functions.Streams;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Tests.Notifications;

/// <summary>Real producers (follow, go live, decide a report) through the real notifications queue on Azurite to rows.</summary>
public class NotificationProducersTests(NotificationsFixture app) : IClassFixture<NotificationsFixture>
{
    /// <summary>Delivers whatever is on this fixture's notifications queue, as the queue trigger would.</summary>
    private async Task<int> DrainQueue()
    {
        var queue = app.NotificationsQueue;
        await queue.CreateIfNotExistsAsync();
        var handled = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0) return handled;
            foreach (var m in messages)
            {
                await app.Function<NotificationsQueue>().DeliverNotification(NotificationsFixture.Read(m), default);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
        }
    }

    private async Task<string[]> Titles(TestUser user)
    {
        var list = await Http.Call(app.Services, app.Function<NotificationsApi>().ListNotifications(Http.Request(token: user.Token), default));
        Assert.Equal(200, list.Status);
        return list.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString() + ": " + i.GetProperty("title").GetString()).ToArray();
    }

    [Fact]
    public async Task A_follow_and_going_live_reach_the_creator_and_the_follower_through_the_queue()
    {
        var dj = await app.SignUp(Roles.Dj);
        var creator = await app.Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@UserId, 'DJ Producer') returning id", dj);
        var fan = await app.SignUp(Roles.Viewer);

        var follow = await Http.Call(app.Services, app.Function<FollowsApi>().FollowCreator(Http.Request(token: fan.Token), creator, default));
        Assert.Equal(201, follow.Status);
        // A second follow is the same follow: no second notification.
        Assert.Equal(200, (await Http.Call(app.Services, app.Function<FollowsApi>().FollowCreator(Http.Request(token: fan.Token), creator, default))).Status);

        var live = await Http.Call(app.Services, app.Function<StreamsApi>().CreateStream(
            Http.Request(new { title = "Friday night set", category = "dj-set" }, dj.Token), default));
        Assert.True(live.Status is 200 or 201, live.Raw);

        Assert.True(await DrainQueue() >= 2);
        Assert.Equal(["follow: You have a new follower"], await Titles(dj));
        Assert.Equal(["stream_live: DJ Producer is live"], await Titles(fan));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from notification_outbox where processed_at is null"));

        // Redelivering everything adds nothing.
        foreach (var id in (await app.Scalar<Guid[]>("select array_agg(id) from notification_outbox")))
            await app.Processor.ProcessAsync(id, default);
        Assert.Single(await Titles(fan));
    }

    [Fact]
    public async Task A_reports_decision_tells_the_reporter()
    {
        var reporter = await app.SignUp(Roles.Viewer);
        var target = await app.SignUp(Roles.Viewer);
        var filed = await Http.Call(app.Services, app.Function<ReportsApi>().FileReport(
            Http.Request(new { reportedUserId = target.UserId, reportType = "spam", description = "Posts the same link everywhere." }, reporter.Token), default));
        Assert.Equal(201, filed.Status);
        var reportId = filed.Body.GetProperty("id").GetGuid();

        var adminToken = (await app.NewAdmin()).Token;
        foreach (var status in new[] { "reviewing", "dismissed" })
            Assert.Equal(200, (await Http.Call(app.Services, app.Function<ReportsApi>().DecideReport(
                Http.Request(new { status }, adminToken), reportId, default))).Status);

        await DrainQueue();
        Assert.Equal(["report: Your report was reviewed"], await Titles(reporter));
        Assert.Empty(await Titles(target));
    }
}
