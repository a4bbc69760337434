namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Every expected failure of accounts, sessions and 2FA, by its stable code (docs/accounts.md lists them).
/// Codes are unique across the app: tests/NrsGirls.Tests/Http/ErrorCodeTests.cs checks every *Errors class.
/// </summary>
public static class AccountErrors
{
    public static readonly ServiceError NotSignedIn =
        new(ErrorKind.Unauthorized, "unauthorized", "Sign in: send Authorization: Bearer <session token>.");
    /// <summary>The session is unknown, expired or signed out, or the account behind it is gone.</summary>
    public static readonly ServiceError InvalidSession =
        new(ErrorKind.Unauthorized, "invalid_session", "The session token is unknown, expired or signed out, or its account no longer exists; sign in again.");
    public static readonly ServiceError InvalidCredentials =
        new(ErrorKind.Unauthorized, "invalid_credentials", "The e-mail address or password is wrong.");
    public static readonly ServiceError InvalidChallenge =
        new(ErrorKind.Unauthorized, "invalid_challenge", "The 2FA challenge is unknown, expired or used up; sign in again.");
    /// <summary>At sign-in (401); <see cref="Reauthenticating"/> makes it 403 for a signed-in change.</summary>
    public static readonly ServiceError InvalidCode =
        new(ErrorKind.Unauthorized, "invalid_code", "The authenticator code is wrong or outside its 30-second window.");
    public static readonly ServiceError CodeAlreadyUsed =
        new(ErrorKind.Unauthorized, "code_already_used", "That authenticator code was already used; wait for the next one.");
    public static readonly ServiceError WrongPassword =
        new(ErrorKind.Forbidden, "wrong_password", "The current password is wrong.");
    public static readonly ServiceError InvalidToken =
        new(ErrorKind.BadRequest, "invalid_token", "The verification token is unknown, expired or already used.");
    public static readonly ServiceError EmailTaken =
        new(ErrorKind.Conflict, "email_taken", "An account with this e-mail address already exists.");
    public static readonly ServiceError EmailUnavailable =
        new(ErrorKind.Conflict, "email_unavailable", "That e-mail address cannot be used; choose another.");
    public static readonly ServiceError TwoFactorAlreadyEnabled =
        new(ErrorKind.Conflict, "two_factor_already_enabled", "Two-factor authentication is already on; disable it first to change the secret.");
    public static readonly ServiceError TwoFactorNotEnabled =
        new(ErrorKind.Conflict, "two_factor_not_enabled", "Two-factor authentication is not on.");
    public static readonly ServiceError NoPendingSetup =
        new(ErrorKind.Conflict, "no_pending_setup", "Start with POST auth/2fa/setup; a setup is valid for 10 minutes.");

    /// <summary>
    /// A wrong second factor given by a signed-in user re-proving who they are: the session is fine, the
    /// proof is not, so 403 rather than the 401 of a sign-in.
    /// </summary>
    public static ServiceError Reauthenticating(ServiceError error) => error with { Kind = ErrorKind.Forbidden };
}
