using NrsGirls.Shared.Notifications;

namespace NrsGirls.Functions.Notifications;

/// <summary>me/notifications: the caller's own notifications. There is no user id in these routes.</summary>
public sealed class NotificationsApi(NotificationInbox inbox, RequestAuth auth)
{
    /// <summary>Newest first, keyset-paginated; <c>?unread=true</c> for unread only.</summary>
    [Function(nameof(ListNotifications))]
    public Task<IResult> ListNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, Query.Read(q => (Unread: q.Bool("unread"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, _) => inbox.ListAsync(who, q.Unread ?? false, q.Limit, q.Cursor, ct));

    /// <summary>Cheap: a count over the partial "unread" index, capped at <see cref="NotificationInbox.UnreadCountCap"/>.</summary>
    [Function(nameof(UnreadNotificationCount))]
    public Task<IResult> UnreadNotificationCount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications/unread-count")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, async (who, _) =>
        {
            var count = await inbox.UnreadCountAsync(who, ct);
            return TypedResults.Ok(new { unread = count, capped = count >= NotificationInbox.UnreadCountCap });
        });

    [Function(nameof(MarkNotificationRead))]
    public Task<IResult> MarkNotificationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/{id:guid}/read")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => inbox.MarkReadAsync(who, id, ct));

    [Function(nameof(MarkAllNotificationsRead))]
    public Task<IResult> MarkAllNotificationsRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/read-all")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, async (who, _) => TypedResults.Ok(new { marked = await inbox.MarkAllReadAsync(who, ct) }));
}
