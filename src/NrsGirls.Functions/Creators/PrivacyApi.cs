using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>A performer's privacy settings, blocked regions and blocked users (the owner only).</summary>
public sealed class PrivacyApi(PrivacyService privacy, RequestAuth auth)
{
    /// <summary>Replaces privacySettings and blockedRegions (ISO 3166-1 alpha-2) together.</summary>
    [Function(nameof(ReplacePrivacy))]
    public async Task<IResult> ReplacePrivacy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "performers/{id:guid}/privacy")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<PrivacyFields>(request, ct, CreatorLimits.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await privacy.ReplaceAsync(id, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(BlockUser))]
    public async Task<IResult> BlockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "performers/{id:guid}/blocked-users/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await privacy.BlockAsync(id, userId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(UnblockUser))]
    public async Task<IResult> UnblockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "performers/{id:guid}/blocked-users/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await privacy.UnblockAsync(id, userId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
