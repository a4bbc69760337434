namespace NrsGirls.Shared.Notifications;

/// <summary>The notification types producers raise; preferences are kept per type.</summary>
public static class NotificationTypes
{
    public const string Follow = "follow";
    public const string StreamLive = "stream_live";
    public const string Tip = "tip";
    public const string Subscription = "subscription";
    public const string PrivateShow = "private_show";
    public const string Payout = "payout";
    public const string Report = "report";
    public const string Security = "security";

    public static readonly IReadOnlyList<string> All = [Follow, StreamLive, Tip, Subscription, PrivateShow, Payout, Report, Security];
}

/// <summary>
/// Who receives an event: listed users, or every follower of a creator who has notifications enabled for
/// it (the "went live" fan-out). Exactly one of the two is set.
/// </summary>
public sealed record NotificationAudience(IReadOnlyList<Guid>? Users, Guid? FollowersOfCreator, string? CreatorType)
{
    public static NotificationAudience To(params Guid[] users) => new(users, null, null);
    public static NotificationAudience FollowersOf(Guid creatorId, string creatorType) => new(null, creatorId, creatorType);
}

/// <summary>
/// What a producer records, in its own transaction, through <see cref="NotificationOutbox"/>. The text is
/// rendered by the producer (it knows the facts); the handler only delivers it. <see cref="DedupeKey"/>
/// names the business fact ("tip:{transactionId}"), so raising the same fact twice records one event.
/// </summary>
public sealed record NotificationEvent(
    string Type, string DedupeKey, NotificationAudience Audience, string Title, string Message, string? Link,
    IReadOnlyDictionary<string, string>? Data = null);

/// <summary>The queue message: the outbox row to deliver.</summary>
public sealed record NotificationMessage(Guid EventId);

/// <summary>One notification as its recipient sees it.</summary>
public sealed record NotificationView(
    Guid Id, string Type, string Title, string Message, string? Link, bool Read, DateTimeOffset? ReadAt,
    JsonElement? Data, DateTimeOffset CreatedAt);

/// <summary>What the handler did with one event.</summary>
/// <summary>What one run did; <see cref="AlreadyProcessed"/>: nothing to do (done before, or being done by another run right now).</summary>
public sealed record FanOutResult(int Statements, int Inserted, int Emailed, int Pushed, bool AlreadyProcessed);
