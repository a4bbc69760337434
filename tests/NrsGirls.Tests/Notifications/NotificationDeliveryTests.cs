using Azure.Storage.Queues;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Tests.Notifications;

public class NotificationDeliveryTests(NotificationsFixture app) : IClassFixture<NotificationsFixture>
{
    private static NotificationEvent Direct(string type, params Guid[] users) =>
        new(type, $"{type}:{Guid.NewGuid():N}", NotificationAudience.To(users), "New tip", "Someone tipped you 5.00 USD.", "https://nrsgirls.dev/earnings",
            new Dictionary<string, string> { ["amount"] = "5.00" });

    private Task<string> Email(Guid user) => app.Scalar<string>("select email from users where id = @user", new { user });

    private Task<long> Rows(string dedupeKey) => app.Scalar<long>("select count(*) from notifications where dedupe_key = @dedupeKey", new { dedupeKey });

    [Fact]
    public async Task An_event_delivered_five_times_makes_one_row_and_one_mail_per_recipient()
    {
        var a = await app.User();
        var b = await app.User();
        var e = Direct(NotificationTypes.Tip, a, b, a);
        var id = (await app.Raise(e))!.Value;

        var first = await app.Processor.ProcessAsync(id, default);
        Assert.Equal(2, first.Inserted);
        Assert.Equal(2, first.Emailed);
        await app.Scalar<int>("update notification_outbox set processed_at = null where id = @id", new { id });
        for (var i = 0; i < 4; i++) Assert.Equal(0, (await app.Processor.ProcessAsync(id, default)).Inserted);

        Assert.Equal(2, await Rows(e.DedupeKey));
        var addresses = new[] { await Email(a), await Email(b) };
        Assert.Equal(2, app.Mails.Count(m => addresses.Contains(m.To)));
        Assert.Equal("5.00", await app.Scalar<string>("select data->>'amount' from notifications where dedupe_key = @DedupeKey limit 1", e));
    }

    [Fact]
    public async Task A_run_that_dies_after_inserting_is_retried_and_still_mails_and_pushes_each_recipient()
    {
        var a = await app.User(preferences: """{"tip":{"inApp":true,"email":true,"push":true}}""");
        var b = await app.User(preferences: """{"tip":{"inApp":true,"email":true,"push":true}}""");
        var e = Direct(NotificationTypes.Tip, a, b);
        var id = (await app.Raise(e))!.Value;
        var addresses = new[] { await Email(a), await Email(b) };

        // The first run inserts the rows and mails, then dies while pushing (the function timed out).
        var dying = new NotificationDelivery(app.Services.GetRequiredService<NpgsqlDataSource>(), app.Emails.Object,
            new ThrowingPush(), app.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<NotificationDelivery>.Instance);
        var firstRun = new NotificationProcessor(app.Services.GetRequiredService<NpgsqlDataSource>(), dying,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NotificationProcessor>.Instance);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun.ProcessAsync(id, default));
        Assert.Equal(2, await Rows(e.DedupeKey));
        Assert.Null(await app.Scalar<DateTime?>("select processed_at from notification_outbox where id = @id", new { id }));
        Assert.Equal(2, app.Mails.Count(m => addresses.Contains(m.To)));

        // The host's retry: no new rows, the pushes that never went out do, and mails already sent are not sent again.
        var retry = await app.Processor.ProcessAsync(id, default);
        Assert.Equal((0, 0, 2), (retry.Inserted, retry.Emailed, retry.Pushed));
        Assert.Equal(2, app.Mails.Count(m => addresses.Contains(m.To)));
        Assert.Contains(a, app.Pushes);
        Assert.Contains(b, app.Pushes);
        Assert.Equal(0, await app.Scalar<int>("select coalesce(sum(suppressed), 0)::int from notification_email_windows where mailed_dedupe_key = @DedupeKey", new { e.DedupeKey }));
        Assert.NotNull(await app.Scalar<DateTime?>("select processed_at from notification_outbox where id = @id", new { id }));
    }

    private sealed class ThrowingPush : IPushSender
    {
        public Task SendAsync(Guid userId, string title, string message, string? link, CancellationToken ct) => throw new OperationCanceledException("the function timed out");
    }

    [Fact]
    public async Task Two_instances_processing_one_event_at_once_insert_each_row_once()
    {
        var users = new List<Guid>();
        for (var i = 0; i < 20; i++) users.Add(await app.User(verified: false));
        var e = Direct(NotificationTypes.Follow, [.. users]);
        var id = (await app.Raise(e))!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.Processor.ProcessAsync(id, default))));
        Assert.Equal(20, results.Sum(r => r.Inserted));
        Assert.Equal(20, await Rows(e.DedupeKey));
    }

    [Fact]
    public async Task A_rolled_back_change_records_no_event_and_the_same_fact_twice_records_one()
    {
        var a = await app.User();
        var e = Direct(NotificationTypes.Tip, a);
        Assert.NotNull(await app.Raise(e, commit: false));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from notification_outbox where dedupe_key = @DedupeKey", e));

        Assert.NotNull(await app.Raise(e));
        Assert.Null(await app.Raise(e));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from notification_outbox where dedupe_key = @DedupeKey", e));
    }

    [Fact]
    public async Task Going_live_fans_out_to_ten_thousand_followers_in_a_handful_of_statements_and_a_redelivery_adds_nothing()
    {
        var (creator, _) = await app.CreatorWithFollowers(10_000, muted: 37);
        var e = new NotificationEvent(NotificationTypes.StreamLive, $"live:{Guid.NewGuid():N}",
            NotificationAudience.FollowersOf(creator, "dj"), "DJ Fan-out is live", "Come and listen.", "https://nrsgirls.dev/streams/x");
        var id = (await app.Raise(e))!.Value;

        var result = await app.Processor.ProcessAsync(id, default);
        Assert.Equal(10_000, result.Inserted);
        Assert.Equal(2, result.Statements); // the range bounds (none: 10,000 fit one range), then that one range
        Assert.Equal(0, result.Emailed); // stream_live: no e-mail by default, and the followers are unverified
        Assert.Equal(10_000, result.Pushed);
        Assert.Equal(10_000L, await Rows(e.DedupeKey));

        await app.Scalar<int>("update notification_outbox set processed_at = null where id = @id", new { id });
        Assert.Equal(0, (await app.Processor.ProcessAsync(id, default)).Inserted);
        Assert.Equal(10_000L, await Rows(e.DedupeKey));
    }

    [Fact]
    public async Task More_followers_than_one_range_are_cut_into_ranges_run_side_by_side_and_two_instances_at_once_insert_each_row_once()
    {
        const int followers = 2 * NotificationProcessor.BatchSize + 1; // three ranges: 10,000, 10,000 and 1
        var (creator, _) = await app.CreatorWithFollowers(followers, muted: 50);
        var e = new NotificationEvent(NotificationTypes.StreamLive, $"live:{Guid.NewGuid():N}",
            NotificationAudience.FollowersOf(creator, "dj"), "DJ Ranges is live", "Come and listen.", null);
        var id = (await app.Raise(e))!.Value;

        var results = await Task.WhenAll(app.Processor.ProcessAsync(id, default), app.Processor.ProcessAsync(id, default));
        // One run at a time per event (a session lock): the other finds it busy and leaves it to the first.
        Assert.Single(results, r => r.Statements == 4); // the bounds, then three ranges
        Assert.Single(results, r => r.AlreadyProcessed);
        Assert.Equal(followers, results.Sum(r => r.Inserted));
        Assert.Equal(followers, results.Sum(r => r.Pushed));
        Assert.Equal((long)followers, await Rows(e.DedupeKey));
        Assert.Equal((long)followers, await app.Scalar<long>("""
            select count(distinct n.user_id) from notifications n
            join follows f on f.follower_id = n.user_id and f.following_id = @creator and f.notifications_enabled
            where n.dedupe_key = @DedupeKey
            """, new { creator, e.DedupeKey }));
    }

    [Fact]
    public async Task Preferences_decide_channels_and_only_verified_addresses_get_mail()
    {
        var plain = await app.User();
        var unverified = await app.User(verified: false);
        var muted = await app.User(preferences: """{"tip":{"inApp":false,"email":true,"push":false}}""");
        var switchedOff = await app.User(emailOn: false);
        var e = Direct(NotificationTypes.Tip, plain, unverified, muted, switchedOff);
        var result = await app.Processor.ProcessAsync((await app.Raise(e))!.Value, default);

        Assert.Equal(4, result.Inserted);
        Assert.Equal(2, result.Emailed); // plain and muted (muted in-app only)
        Assert.Equal(3, result.Pushed); // everyone but muted
        Assert.True(await app.Scalar<bool>("select read from notifications where user_id = @muted and dedupe_key = @k", new { muted, k = e.DedupeKey }));
        Assert.False(await app.Scalar<bool>("select read from notifications where user_id = @plain and dedupe_key = @k", new { plain, k = e.DedupeKey }));
        Assert.DoesNotContain(app.Pushes, p => p == muted);
    }

    [Fact]
    public async Task At_most_one_mail_per_user_and_type_per_hour_the_rest_summed_up_in_the_next()
    {
        var user = await app.User();
        var email = await app.Scalar<string>("select email from users where id = @user", new { user });
        for (var i = 0; i < 3; i++) await app.Processor.ProcessAsync((await app.Raise(Direct(NotificationTypes.Tip, user)))!.Value, default);
        Assert.Single(app.Mails, m => m.To == email);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Processor.ProcessAsync((await app.Raise(Direct(NotificationTypes.Tip, user)))!.Value, default);
        var mails = app.Mails.Where(m => m.To == email).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Contains("2 more tip notification(s)", mails[1].Body, StringComparison.Ordinal);
        Assert.Equal(4L, await app.Scalar<long>("select count(*) from notifications where user_id = @user", new { user }));
    }

    [Fact]
    public async Task Retention_deletes_old_read_and_very_old_unread_notifications_in_batches()
    {
        var user = await app.User();
        await app.Scalar<int>("""
            insert into notifications (user_id, notification_type, title, message, read, created_at)
            select @user, 'tip', 't', 'm', g % 2 = 0, now() - make_interval(days => g, hours => 12)
            from generate_series(1, 400) g
            """, new { user });
        var deleted = await app.Services.GetRequiredService<NotificationRetention>().RunAsync(default);
        // Each row is g days and 12 hours old. Read (even g) past 90 days: 90..400 → 156 rows; unread (odd g)
        // past 365 days: 365..399 → 18 rows. The half day keeps the boundary clear of the clock's drift.
        Assert.Equal(174, deleted);
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from notifications where user_id = @user and read and created_at < now() - interval '91 days'", new { user }));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from notifications where user_id = @user and not read and created_at < now() - interval '366 days'", new { user }));
        Assert.Equal(182L, await app.Scalar<long>("select count(*) from notifications where user_id = @user and not read", new { user }));
    }
}

/// <summary>The ledger's fact events (one recipient, facts in the payload) become readable notifications.</summary>
public class LedgerFactNotificationTests(NotificationsFixture app) : IClassFixture<NotificationsFixture>
{
    [Fact]
    public async Task A_completed_tip_fact_is_rendered_for_the_creator_once()
    {
        var creatorOwner = await app.User();
        var tx = Guid.NewGuid();
        var id = await app.Scalar<Guid>("""
            insert into notification_outbox (event_type, dedupe_key, recipient_user_id, payload)
            values ('tip.completed', 'tip.completed:' || @tx, @creatorOwner,
                    jsonb_build_object('transactionId', @tx, 'amount', 12.50, 'currency', 'EUR', 'netAmount', 10.00, 'message', 'great set'))
            returning id
            """, new { tx, creatorOwner });

        Assert.Equal(1, (await app.Processor.ProcessAsync(id, default)).Inserted);
        await app.Scalar<int>("update notification_outbox set processed_at = null where id = @id", new { id });
        Assert.Equal(0, (await app.Processor.ProcessAsync(id, default)).Inserted);

        Assert.Equal("tip", await app.Scalar<string>("select notification_type from notifications where user_id = @creatorOwner", new { creatorOwner }));
        Assert.Equal("You received a tip", await app.Scalar<string>("select title from notifications where user_id = @creatorOwner", new { creatorOwner }));
        var message = await app.Scalar<string>("select message from notifications where user_id = @creatorOwner", new { creatorOwner });
        Assert.Contains("12.50 EUR", message, StringComparison.Ordinal);
        Assert.Contains("10.00 EUR after fees", message, StringComparison.Ordinal);
        Assert.Contains("great set", message, StringComparison.Ordinal);
        Assert.Equal($"/me/transactions/{tx}", await app.Scalar<string>("select link from notifications where user_id = @creatorOwner", new { creatorOwner }));
    }
}
