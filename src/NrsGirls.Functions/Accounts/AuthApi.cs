using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

/// <summary>auth/*: registration, verification, sign-in with an optional second factor, sign-out, 2FA on and off.</summary>
public sealed class AuthApi(RegistrationService registration, SignInService signIn, TwoFactorService twoFactor, RequestAuth auth)
{
    /// <summary>Credentials and codes are small; refuse big bodies before parsing them.</summary>
    private const int MaxBodyBytes = JsonBody.SmallMaxBytes;

    /// <summary>202 whether or not the address was free: the answer never tells who has an account.</summary>
    [Function(nameof(Register))]
    public Task<IResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request, CancellationToken ct) =>
        auth.Anonymous(request, JsonBody.Of<RegisterRequest>(MaxBodyBytes, ct),
            (body, client) => registration.RegisterAsync(body.Email, body.Password, body.Role, client, ct),
            _ => TypedResults.Json(new { status = "accepted", message = "If this address can be used, a confirmation e-mail is on its way." },
                statusCode: StatusCodes.Status202Accepted));

    [Function(nameof(VerifyEmail))]
    public Task<IResult> VerifyEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/verify")] HttpRequest request, CancellationToken ct) =>
        auth.Anonymous(request, JsonBody.Of<VerifyEmailRequest>(MaxBodyBytes, ct),
            (body, client) => registration.VerifyEmailAsync(body.Token, client, ct), OutcomeResults.NoContent);

    /// <summary>200 with a session, or with a 2FA challenge (twoFactorRequired) to exchange at auth/login/2fa.</summary>
    [Function(nameof(Login))]
    public Task<IResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request, CancellationToken ct) =>
        auth.Anonymous(request, JsonBody.Of<LoginRequest>(MaxBodyBytes, ct),
            (body, client) => signIn.LoginAsync(body.Email, body.Password, client, ct), LoginResponse.NoStoreOk);

    [Function(nameof(LoginTwoFactor))]
    public Task<IResult> LoginTwoFactor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login/2fa")] HttpRequest request, CancellationToken ct) =>
        auth.Anonymous(request, JsonBody.Of<TwoFactorLoginRequest>(MaxBodyBytes, ct),
            (body, client) => signIn.LoginWithCodeAsync(body.Challenge, body.Code, client, ct), LoginResponse.NoStoreOk);

    [Function(nameof(Logout))]
    public Task<IResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => signIn.LogoutAsync(who), OutcomeResults.NoContent);

    /// <summary>A new secret, pending until auth/2fa/enable confirms a code from it.</summary>
    [Function(nameof(TwoFactorSetup))]
    public Task<IResult> TwoFactorSetup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/setup")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => twoFactor.SetupAsync(who, ct), v => ResultHeaders.NoStore(TypedResults.Ok(v)));

    /// <summary>Turns 2FA on; every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorEnable))]
    public Task<IResult> TwoFactorEnable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/enable")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<TwoFactorCodeRequest>(MaxBodyBytes, ct),
            (who, body, client) => twoFactor.EnableAsync(who, body.Code, client, ct), SessionResponse.NoStoreOk);

    /// <summary>Turns 2FA off (password and a current code); every session ends and the answer carries a fresh one.</summary>
    [Function(nameof(TwoFactorDisable))]
    public Task<IResult> TwoFactorDisable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/2fa/disable")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<TwoFactorDisableRequest>(MaxBodyBytes, ct),
            (who, body, client) => twoFactor.DisableAsync(who, body.CurrentPassword, body.Code, client, ct), SessionResponse.NoStoreOk);
}
