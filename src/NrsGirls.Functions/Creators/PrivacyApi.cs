using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>A performer's privacy settings, blocked regions and blocked users (the owner only).</summary>
public sealed class PrivacyApi(PrivacyService privacy, RequestAuth auth)
{
    /// <summary>Replaces privacySettings and blockedRegions (ISO 3166-1 alpha-2) together.</summary>
    [Function(nameof(ReplacePrivacy))]
    public Task<IResult> ReplacePrivacy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "performers/{id:guid}/privacy")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<PrivacyFields>(CreatorLimits.MaxBodyBytes, ct),
            (who, body, client) => privacy.ReplaceAsync(id, who, body, client, ct));

    [Function(nameof(BlockUser))]
    public Task<IResult> BlockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "performers/{id:guid}/blocked-users/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => privacy.BlockAsync(id, userId, who, client, ct));

    [Function(nameof(UnblockUser))]
    public Task<IResult> UnblockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "performers/{id:guid}/blocked-users/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => privacy.UnblockAsync(id, userId, who, client, ct));
}
