using NrsGirls.Shared.Activity;

namespace NrsGirls.Functions.Privacy;

/// <summary>The activity log: a user's own last 90 days, and any user's for admins. 503 analytics_unavailable without MongoDB.</summary>
public sealed class ActivityApi(ActivityReader reader, RequestAuth auth)
{
    [Function(nameof(MyActivity))]
    public Task<IResult> MyActivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/activity")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, _) => reader.OwnAsync(who.UserId, q.Limit, q.Cursor, ct));

    [Function(nameof(UserActivity))]
    public Task<IResult> UserActivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/users/{id:guid}/activity")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.Admin(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"), Since: q.Time("since"))),
            (_, q, _) => reader.ListAsync(id, q.Since, q.Limit, q.Cursor, ct));
}
