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
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var outcome = await accounts.GetAsync(caller!, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value) : Problems.From(outcome.Error!);
    }

    /// <summary>Changes the e-mail address (needs currentPassword); the new address must be verified again.</summary>
    [Function(nameof(UpdateMe))]
    public async Task<IResult> UpdateMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "me")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<UpdateAccountRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        if (body!.UnchangeableFields() is { Count: > 0 } refused) return Problems.Validation(refused);
        var outcome = await accounts.ChangeEmailAsync(caller!, body.Email, body.CurrentPassword, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value) : Problems.From(outcome.Error!);
    }

    /// <summary>Erasure (needs currentPassword): soft delete, anonymized address, every session ended.</summary>
    [Function(nameof(DeleteMe))]
    public async Task<IResult> DeleteMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<DeleteAccountRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        var outcome = await accounts.DeleteAsync(caller!, body!.CurrentPassword, RequestAuth.Client(request), ct);
        return outcome.IsOk ? TypedResults.NoContent() : Problems.From(outcome.Error!);
    }

    /// <summary>New password (needs currentPassword); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(ChangePassword))]
    public async Task<IResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/password")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<ChangePasswordRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        var outcome = await accounts.ChangePasswordAsync(caller!, body!.CurrentPassword, body.NewPassword, RequestAuth.Client(request), ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(outcome.Value!))) : Problems.From(outcome.Error!);
    }
}
