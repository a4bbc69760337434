using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>me: the caller's own account. There is no user id in these routes: a caller can only reach themselves.</summary>
public sealed class MeApi(AccountService accounts, RequestAuth auth)
{
    [Function(nameof(GetMe))]
    public Task<IResult> GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => accounts.GetAsync(who, ct));

    /// <summary>Changes the e-mail address (needs currentPassword); the new address must be verified again.</summary>
    [Function(nameof(UpdateMe))]
    public Task<IResult> UpdateMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "me")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<UpdateAccountRequest>(JsonBody.SmallMaxBytes, ct), async (who, body, _) =>
            body.UnchangeableFields() is { Count: > 0 } refused
                ? Problems.Validation(refused)
                : (await accounts.ChangeEmailAsync(who, body.Email, body.CurrentPassword, ct)).ToResult());

    /// <summary>Erasure (needs currentPassword): soft delete, anonymized address, every session ended.</summary>
    [Function(nameof(DeleteMe))]
    public Task<IResult> DeleteMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<DeleteAccountRequest>(JsonBody.SmallMaxBytes, ct),
            (who, body, client) => accounts.DeleteAsync(who, body.CurrentPassword, client, ct), OutcomeResults.NoContent);

    /// <summary>New password (needs currentPassword); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(ChangePassword))]
    public Task<IResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/password")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<ChangePasswordRequest>(JsonBody.SmallMaxBytes, ct),
            (who, body, client) => accounts.ChangePasswordAsync(who, body.CurrentPassword, body.NewPassword, client, ct), SessionResponse.NoStoreOk);
}
