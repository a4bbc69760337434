using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Tests.Notifications;

/// <summary>The app with the push seam doubled too; e-mails sent as notifications are captured.</summary>
public class NotificationsFixture : AppFixture
{
    public Mock<IPushSender> Push { get; } = new();
    public ConcurrentQueue<(string To, string Subject, string Body)> Mails { get; } = new();
    public ConcurrentQueue<Guid> Pushes { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        Emails.Setup(e => e.SendNotificationAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, string, CancellationToken>((to, subject, body, _) => Mails.Enqueue((to, subject, body)))
            .Returns(Task.CompletedTask);
        Push.Setup(p => p.SendAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback<Guid, string, string, string?, CancellationToken>((user, _, _, _, _) => Pushes.Enqueue(user))
            .Returns(Task.CompletedTask);
        services.Replace(ServiceDescriptor.Singleton(Push.Object));
    }

    public NotificationProcessor Processor => Services.GetRequiredService<NotificationProcessor>();

    /// <summary>This fixture's notifications queue (on Azurite), where producers and the sweep enqueue events.</summary>
    public QueueClient NotificationsQueue =>
        Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Services.GetRequiredService<QueueNames>().Notifications);

    /// <summary>A queued message as the queue trigger binds it.</summary>
    public static NotificationMessage Read(QueueMessage m) =>
        JsonSerializer.Deserialize<NotificationMessage>(m.Body.ToString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>Records an event the way a producer does: in its own transaction, committed or rolled back.</summary>
    public async Task<Guid?> Raise(NotificationEvent e, bool commit = true)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await NotificationOutbox.AddAsync(conn, tx, e, default);
        if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
        return id;
    }

    /// <summary>A plain user with settings, made by SQL (fast, for fan-out sizes); verified unless said otherwise.</summary>
    public async Task<Guid> User(bool verified = true, string? preferences = null, bool emailOn = true)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        var id = await conn.ExecuteScalarAsync<Guid>("""
            insert into users (email, password_hash, role, verified) values (@email, 'x', 'viewer', @verified) returning id
            """, new { email = $"n-{Guid.NewGuid():N}@example.com", verified });
        await conn.ExecuteAsync("""
            insert into user_settings (user_id, notification_preferences, email_notifications) values (@id, @preferences::jsonb, @emailOn)
            """, new { id, preferences = preferences ?? "{}", emailOn });
        return id;
    }

    /// <summary>A DJ profile with <paramref name="followers"/> followers (set-based), some with notifications off.</summary>
    public async Task<(Guid CreatorId, Guid OwnerId)> CreatorWithFollowers(int followers, int muted = 0)
    {
        var owner = await User();
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        var creator = await conn.ExecuteScalarAsync<Guid>(
            "insert into dj_profiles (user_id, stage_name) values (@owner, 'DJ Fan-out') returning id", new { owner });
        await conn.ExecuteAsync("""
            with u as (
                insert into users (email, password_hash, role, verified)
                select 'f-' || gen_random_uuid() || '@example.com', 'x', 'viewer', false from generate_series(1, @n)
                returning id),
            s as (insert into user_settings (user_id) select id from u)
            insert into follows (follower_id, following_id, following_type, notifications_enabled)
            select id, @creator, 'dj', row_number() over () > @muted from u
            """, new { n = followers + muted, creator, muted });
        return (creator, owner);
    }
}
