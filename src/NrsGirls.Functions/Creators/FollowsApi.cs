using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>Following creators: follow, unfollow, notification toggle, followers and me/following.</summary>
public sealed class FollowsApi(FollowService follows, RequestAuth auth)
{
    /// <summary>201 with the new follow, or 200 with the existing one.</summary>
    [Function(nameof(FollowCreator))]
    public Task<IResult> FollowCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => follows.FollowAsync(id, who, client, ct),
            v => v.Created ? TypedResults.Created($"/api/creators/{id}/follow", v.Follow) : TypedResults.Ok(v.Follow));

    /// <summary>204 whether or not there was a follow.</summary>
    [Function(nameof(UnfollowCreator))]
    public Task<IResult> UnfollowCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => follows.UnfollowAsync(id, who, ct), OutcomeResults.NoContent);

    [Function(nameof(UpdateFollow))]
    public Task<IResult> UpdateFollow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<FollowSettingsRequest>(CreatorLimits.MaxBodyBytes, ct),
            (who, body, _) => follows.SetNotificationsAsync(id, who, body.NotificationsEnabled, ct));

    [Function(nameof(ListFollowers))]
    public Task<IResult> ListFollowers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/followers")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => follows.FollowersAsync(id, who, client, q.Limit, q.Cursor, ct));

    [Function(nameof(ListFollowing))]
    public Task<IResult> ListFollowing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/following")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => follows.FollowingAsync(who, client, q.Limit, q.Cursor, ct));
}
