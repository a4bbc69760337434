using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Functions.Notifications;

/// <summary>me/notifications: the caller's own notifications. There is no user id in these routes.</summary>
public sealed class NotificationsApi(NotificationInbox inbox, RequestAuth auth)
{
    /// <summary>Newest first, keyset-paginated; <c>?unread=true</c> for unread only.</summary>
    [Function(nameof(ListNotifications))]
    public async Task<IResult> ListNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var query = Query.Of(request);
        var unread = query.Bool("unread");
        var limit = query.String("limit");
        var cursor = query.String("cursor");
        if (query.Problem is { } bad) return bad;
        var outcome = await inbox.ListAsync(who.Caller, unread ?? false, limit, cursor, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Cheap: a count over the partial "unread" index, capped at <see cref="NotificationInbox.UnreadCountCap"/>.</summary>
    [Function(nameof(UnreadNotificationCount))]
    public async Task<IResult> UnreadNotificationCount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications/unread-count")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var count = await inbox.UnreadCountAsync(who.Caller, ct);
        return TypedResults.Ok(new { unread = count, capped = count >= NotificationInbox.UnreadCountCap });
    }

    [Function(nameof(MarkNotificationRead))]
    public async Task<IResult> MarkNotificationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/{id:guid}/read")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await inbox.MarkReadAsync(who.Caller, id, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(MarkAllNotificationsRead))]
    public async Task<IResult> MarkAllNotificationsRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/read-all")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var changed = await inbox.MarkAllReadAsync(who.Caller, ct);
        return TypedResults.Ok(new { marked = changed });
    }
}
