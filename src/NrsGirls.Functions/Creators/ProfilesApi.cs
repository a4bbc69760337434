using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>djs and performers: the one profile of a creator account; public reads go through CreatorAccess.</summary>
public sealed class ProfilesApi(ProfileService profiles, RequestAuth auth)
{
    [Function(nameof(CreateDj))]
    public Task<IResult> CreateDj(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "djs")] HttpRequest request, CancellationToken ct) =>
        Create(request, CreatorTypes.Dj, ct);

    [Function(nameof(CreatePerformer))]
    public Task<IResult> CreatePerformer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "performers")] HttpRequest request, CancellationToken ct) =>
        Create(request, CreatorTypes.Performer, ct);

    [Function(nameof(GetDj))]
    public Task<IResult> GetDj(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "djs/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        Get(request, id, CreatorTypes.Dj, ct);

    [Function(nameof(GetPerformer))]
    public Task<IResult> GetPerformer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "performers/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        Get(request, id, CreatorTypes.Performer, ct);

    [Function(nameof(UpdateDj))]
    public Task<IResult> UpdateDj(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "djs/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        Update(request, id, CreatorTypes.Dj, ct);

    [Function(nameof(UpdatePerformer))]
    public Task<IResult> UpdatePerformer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "performers/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        Update(request, id, CreatorTypes.Performer, ct);

    /// <summary>PATCH admin/creators/{id}: verifiedArtist (DJ) or verifiedPerformer (performer); admins only, logged to activity.</summary>
    [Function(nameof(VerifyCreator))]
    public Task<IResult> VerifyCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/creators/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.Admin(request, JsonBody.Of<VerificationRequest>(CreatorLimits.MaxBodyBytes, ct), (who, body, client) =>
            profiles.SetVerifiedAsync(id, who, body.VerifiedArtist, body.VerifiedPerformer, (body.Other ?? []).Keys, client, ct));

    private Task<IResult> Create(HttpRequest request, string type, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<ProfileFields>(CreatorLimits.MaxBodyBytes, ct), (who, body, client) => profiles.CreateAsync(who, type, body, client, ct),
            v => TypedResults.Created($"/api/{type}s/{v.Id}", v));

    private Task<IResult> Get(HttpRequest request, Guid id, string type, CancellationToken ct) =>
        auth.MaybeSignedIn(request, (who, client) => profiles.GetAsync(id, type, who, client, ct));

    private Task<IResult> Update(HttpRequest request, Guid id, string type, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<ProfileFields>(CreatorLimits.MaxBodyBytes, ct), (who, body, client) => profiles.UpdateAsync(id, type, who, body, client, ct));
}
