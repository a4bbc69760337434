namespace NrsGirls.Shared.Accounts;

/// <summary>What a user may see about their own account.</summary>
public sealed record AccountView(
    Guid Id, string Email, string Role, bool Verified, bool TwoFactorEnabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLogin);

/// <summary>A 2FA login challenge: exchange it with a code at auth/login/2fa before it expires.</summary>
public sealed record TwoFactorChallenge(string Challenge, DateTimeOffset ExpiresAt);

/// <summary>The outcome of a correct password: a session, or (2FA on) a challenge.</summary>
public sealed record LoginResult(IssuedSession? Session, TwoFactorChallenge? Challenge);

/// <summary>A new TOTP secret to show the user once, as text and as an otpauth:// URI for a QR code.</summary>
public sealed record TwoFactorSetup(string Secret, string OtpAuthUri, DateTimeOffset ExpiresAt);

/// <summary>Row of users as accounts code reads it.</summary>
internal sealed class UserRow
{
    public Guid Id { get; init; }
    public string Email { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public string Role { get; init; } = "";
    public bool Verified { get; init; }
    public bool TwoFactorEnabled { get; init; }
    public string? TwoFactorSecret { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastLogin { get; init; }

    public const string Columns = "id, email, password_hash, role, verified, two_factor_enabled, two_factor_secret, created_at, last_login";

    public AccountView ToView() => new(Id, Email, Role, Verified, TwoFactorEnabled,
        new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        LastLogin is { } l ? new DateTimeOffset(DateTime.SpecifyKind(l, DateTimeKind.Utc)) : null);
}
