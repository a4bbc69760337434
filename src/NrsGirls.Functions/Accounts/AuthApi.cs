using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>auth/*: registration, verification, sign-in with an optional second factor, sign-out, 2FA on and off.</summary>
public sealed class AuthApi(RegistrationService registration, SignInService signIn, TwoFactorService twoFactor, RequestAuth auth)
{
    /// <summary>Credentials and codes are small; refuse big bodies before parsing them.</summary>
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>202 whether or not the address was free: the answer never tells who has an account.</summary>
    [Function(nameof(Register))]
    public async Task<IResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await registration.RegisterAsync(body.Value.Email, body.Value.Password, body.Value.Role, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Json(new { status = "accepted", message = "If this address can be used, a confirmation e-mail is on its way." },
                statusCode: StatusCodes.Status202Accepted));
    }

    [Function(nameof(VerifyEmail))]
    public async Task<IResult> VerifyEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/verify")] HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<VerifyEmailRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await registration.VerifyEmailAsync(body.Value.Token, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    /// <summary>200 with a session, or with a 2FA challenge (twoFactorRequired) to exchange at auth/login/2fa.</summary>
    [Function(nameof(Login))]
    public async Task<IResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<LoginRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await signIn.LoginAsync(body.Value.Email, body.Value.Password, auth.Client(request), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(LoginResponse.From(v))));
    }

    [Function(nameof(LoginTwoFactor))]
    public async Task<IResult> LoginTwoFactor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login/2fa")] HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TwoFactorLoginRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await signIn.LoginWithCodeAsync(body.Value.Challenge, body.Value.Code, auth.Client(request), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(LoginResponse.From(v))));
    }

    [Function(nameof(Logout))]
    public async Task<IResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await signIn.LogoutAsync(who.Caller);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    /// <summary>A new secret, pending until auth/2fa/enable confirms a code from it.</summary>
    [Function(nameof(TwoFactorSetup))]
    public async Task<IResult> TwoFactorSetup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/setup")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await twoFactor.SetupAsync(who.Caller, ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(v)));
    }

    /// <summary>Turns 2FA on; every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorEnable))]
    public async Task<IResult> TwoFactorEnable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/enable")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<TwoFactorCodeRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await twoFactor.EnableAsync(who.Caller, body.Value.Code, auth.Client(request), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(v))));
    }

    /// <summary>Turns 2FA off (password and a current code); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorDisable))]
    public async Task<IResult> TwoFactorDisable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/disable")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<TwoFactorDisableRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await twoFactor.DisableAsync(who.Caller, body.Value.CurrentPassword, body.Value.Code, auth.Client(request), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Ok(SessionResponse.From(v))));
    }
}
