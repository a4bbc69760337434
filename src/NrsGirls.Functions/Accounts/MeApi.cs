using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>me: the caller's own account. There is no user id in these routes: a caller can only reach themselves.</summary>
public sealed class MeApi(AccountService accounts, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(GetMe))]
    public async Task<IResult> GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await accounts.GetAsync(who.Caller, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Changes the e-mail address (needs currentPassword); the new address must be verified again.</summary>
    [Function(nameof(UpdateMe))]
    public async Task<IResult> UpdateMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "me")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<UpdateAccountRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        if (body.Value.UnchangeableFields() is { Count: > 0 } refused) return Problems.Validation(refused);
        var outcome = await accounts.ChangeEmailAsync(who.Caller, body.Value.Email, body.Value.CurrentPassword, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Erasure (needs currentPassword): soft delete, anonymized address, every session ended.</summary>
    [Function(nameof(DeleteMe))]
    public async Task<IResult> DeleteMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<DeleteAccountRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await accounts.DeleteAsync(who.Caller, body.Value.CurrentPassword, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    /// <summary>New password (needs currentPassword); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(ChangePassword))]
    public async Task<IResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/password")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<ChangePasswordRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await accounts.ChangePasswordAsync(who.Caller, body.Value.CurrentPassword, body.Value.NewPassword, auth.Client(request), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(v))));
    }
}
