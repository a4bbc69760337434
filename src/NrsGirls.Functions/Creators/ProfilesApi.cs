using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Security;

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
    public async Task<IResult> VerifyCreator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/creators/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<VerificationRequest>(request, ct, CreatorLimits.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await profiles.SetVerifiedAsync(id, who.Caller, body.Value.VerifiedArtist, body.Value.VerifiedPerformer,
            (body.Value.Other ?? []).Keys, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    private async Task<IResult> Create(HttpRequest request, string type, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<ProfileFields>(request, ct, CreatorLimits.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await profiles.CreateAsync(who.Caller, type, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Created($"/api/{type}s/{v.Id}", v));
    }

    private async Task<IResult> Get(HttpRequest request, Guid id, string type, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await profiles.GetAsync(id, type, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    private async Task<IResult> Update(HttpRequest request, Guid id, string type, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<ProfileFields>(request, ct, CreatorLimits.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await profiles.UpdateAsync(id, type, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
