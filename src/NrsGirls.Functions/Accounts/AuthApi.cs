using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>auth/*: registration, verification, sign-in with an optional second factor, sign-out, 2FA on and off.</summary>
public sealed class AuthApi(AccountService accounts, TwoFactorService twoFactor, RequestAuth auth)
{
    /// <summary>Credentials and codes are small; refuse big bodies before parsing them.</summary>
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>202 whether or not the address was free: the answer never tells who has an account.</summary>
    [Function(nameof(Register))]
    public async Task<IResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterRequest>(request, ct, MaxBodyBytes);
        if (problem is not null) return problem;
        var outcome = await accounts.RegisterAsync(body!.Email, body.Password, body.Role, RequestAuth.Client(request), ct);
        return outcome.IsOk
            ? TypedResults.Json(new { status = "accepted", message = "If this address can be used, a confirmation e-mail is on its way." },
                statusCode: StatusCodes.Status202Accepted)
            : Problems.From(outcome.Error!);
    }

    [Function(nameof(VerifyEmail))]
    public async Task<IResult> VerifyEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/verify")] HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<VerifyEmailRequest>(request, ct, MaxBodyBytes);
        if (problem is not null) return problem;
        var outcome = await accounts.VerifyEmailAsync(body!.Token, RequestAuth.Client(request), ct);
        return outcome.IsOk ? TypedResults.NoContent() : Problems.From(outcome.Error!);
    }

    /// <summary>200 with a session, or with a 2FA challenge (twoFactorRequired) to exchange at auth/login/2fa.</summary>
    [Function(nameof(Login))]
    public async Task<IResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LoginRequest>(request, ct, MaxBodyBytes);
        if (problem is not null) return problem;
        var outcome = await accounts.LoginAsync(body!.Email, body.Password, RequestAuth.Client(request), ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(LoginResponse.From(outcome.Value!))) : Problems.From(outcome.Error!);
    }

    [Function(nameof(LoginTwoFactor))]
    public async Task<IResult> LoginTwoFactor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login/2fa")] HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<TwoFactorLoginRequest>(request, ct, MaxBodyBytes);
        if (problem is not null) return problem;
        var outcome = await accounts.LoginWithCodeAsync(body!.Challenge, body.Code, RequestAuth.Client(request), ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(LoginResponse.From(outcome.Value!))) : Problems.From(outcome.Error!);
    }

    [Function(nameof(Logout))]
    public async Task<IResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var outcome = await accounts.LogoutAsync(caller!);
        return outcome.IsOk ? TypedResults.NoContent() : Problems.From(outcome.Error!);
    }

    /// <summary>A new secret, pending until auth/2fa/enable confirms a code from it.</summary>
    [Function(nameof(TwoFactorSetup))]
    public async Task<IResult> TwoFactorSetup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/setup")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var outcome = await twoFactor.SetupAsync(caller!, ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(outcome.Value)) : Problems.From(outcome.Error!);
    }

    /// <summary>Turns 2FA on; every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorEnable))]
    public async Task<IResult> TwoFactorEnable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/enable")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<TwoFactorCodeRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        var outcome = await twoFactor.EnableAsync(caller!, body!.Code, RequestAuth.Client(request), ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(outcome.Value!))) : Problems.From(outcome.Error!);
    }

    /// <summary>Turns 2FA off (password and a current code); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorDisable))]
    public async Task<IResult> TwoFactorDisable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/disable")] HttpRequest request, CancellationToken ct)
    {
        var (caller, problem) = await auth.AuthenticateAsync(request);
        if (problem is not null) return problem;
        var (body, bad) = await JsonBody.ReadAsync<TwoFactorDisableRequest>(request, ct, MaxBodyBytes);
        if (bad is not null) return bad;
        var outcome = await twoFactor.DisableAsync(caller!, body!.CurrentPassword, body.Code, RequestAuth.Client(request), ct);
        return outcome.IsOk ? ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(outcome.Value!))) : Problems.From(outcome.Error!);
    }
}
