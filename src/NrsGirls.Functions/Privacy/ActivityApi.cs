using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Security;

namespace NrsGirls.Functions.Privacy;

/// <summary>The activity log: a user's own last 90 days, and any user's for admins. 503 analytics_unavailable without MongoDB.</summary>
public sealed class ActivityApi(ActivityReader reader, RequestAuth auth)
{
    [Function(nameof(MyActivity))]
    public async Task<IResult> MyActivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/activity")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var q = Query.Of(request);
        var limit = q.String("limit");
        var cursor = q.String("cursor");
        if (q.Problem is { } bad) return bad;
        var outcome = await reader.OwnAsync(who.Caller.UserId, limit, cursor, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(UserActivity))]
    public async Task<IResult> UserActivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/users/{id:guid}/activity")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } forbidden) return forbidden;
        var q = Query.Of(request);
        var limit = q.String("limit");
        var cursor = q.String("cursor");
        var since = q.Time("since");
        if (q.Problem is { } bad) return bad;
        var outcome = await reader.ListAsync(id, since, limit, cursor, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
