using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>Following creators: follow, unfollow, notification toggle, followers and me/following.</summary>
public sealed class FollowsApi(FollowService follows, RequestAuth auth)
{
    /// <summary>201 with the new follow, or 200 with the existing one.</summary>
    [Function(nameof(FollowCreator))]
    public async Task<IResult> FollowCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await follows.FollowAsync(id, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => v.Created ? TypedResults.Created($"/api/creators/{id}/follow", v.Follow) : TypedResults.Ok(v.Follow));
    }

    /// <summary>204 whether or not there was a follow.</summary>
    [Function(nameof(UnfollowCreator))]
    public async Task<IResult> UnfollowCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await follows.UnfollowAsync(id, who.Caller, ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    [Function(nameof(UpdateFollow))]
    public async Task<IResult> UpdateFollow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "creators/{id:guid}/follow")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<FollowSettingsRequest>(request, ct, CreatorLimits.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await follows.SetNotificationsAsync(id, who.Caller, body.Value.NotificationsEnabled, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(ListFollowers))]
    public async Task<IResult> ListFollowers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/followers")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await follows.FollowersAsync(id, who.Caller, auth.Client(request), request.Query["limit"], request.Query["cursor"], ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(ListFollowing))]
    public async Task<IResult> ListFollowing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/following")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await follows.FollowingAsync(who.Caller, auth.Client(request), request.Query["limit"], request.Query["cursor"], ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
