using System.Text.Json.Serialization;
using NrsGirls.Shared.Accounts;

namespace NrsGirls.Functions.Accounts;

// Request bodies. Every property is nullable so that a missing field becomes a named validation error
// from the service, not a deserialization failure.
public sealed record RegisterRequest(string? Email, string? Password, string? Role);
public sealed record LoginRequest(string? Email, string? Password);
public sealed record TwoFactorLoginRequest(string? Challenge, string? Code);
public sealed record VerifyEmailRequest(string? Token);
public sealed record TwoFactorCodeRequest(string? Code);
public sealed record TwoFactorDisableRequest(string? CurrentPassword, string? Code);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
public sealed record DeleteAccountRequest(string? CurrentPassword);
public sealed record SettingsRequest(
    bool? EmailNotifications, bool? PushNotifications, bool? NewsletterSubscribed, string? Language, string? Timezone,
    string? Theme, JsonElement? NotificationPreferences, JsonElement? PrivacyPreferences)
{
    public SettingsInput ToInput() => new(EmailNotifications, PushNotifications, NewsletterSubscribed, Language, Timezone, Theme,
        NotificationPreferences, PrivacyPreferences);
}

/// <summary>PATCH me: only the address can change; anything else sent is refused by name, not ignored.</summary>
public sealed record UpdateAccountRequest(string? Email, string? CurrentPassword)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    public Dictionary<string, string[]> UnchangeableFields() =>
        (Other ?? []).Keys.ToDictionary(k => k, k => new[]
        {
            k is "role" or "verified" or "twoFactorEnabled" or "id" or "createdAt" or "lastLogin"
                ? "cannot be changed through PATCH me."
                : "is not a field of the account.",
        });
}

// Responses.
public sealed record SessionResponse(string Token, string TokenType, DateTimeOffset ExpiresAt)
{
    public static SessionResponse From(IssuedSession s) => new(s.Token, "Bearer", s.ExpiresAt);

    /// <summary>200 with the fresh session, never cached: the answer of every route that replaces the caller's sessions.</summary>
    public static IResult NoStoreOk(IssuedSession s) => ResultHeaders.NoStore(TypedResults.Ok(From(s)));
}

public sealed record LoginResponse(bool TwoFactorRequired, string? Token, string? TokenType, string? Challenge, DateTimeOffset ExpiresAt)
{
    public static LoginResponse From(LoginResult r) => r.Session is { } s
        ? new(false, s.Token, "Bearer", null, s.ExpiresAt)
        : new(true, null, null, r.Challenge!.Challenge, r.Challenge.ExpiresAt);

    /// <summary>200 with the session or the challenge, never cached.</summary>
    public static IResult NoStoreOk(LoginResult r) => ResultHeaders.NoStore(TypedResults.Ok(From(r)));
}

public sealed record SettingsResponse(
    bool EmailNotifications, bool PushNotifications, bool NewsletterSubscribed, string Language, string? Timezone, string Theme,
    JsonElement NotificationPreferences, JsonElement PrivacyPreferences, DateTimeOffset UpdatedAt)
{
    public static SettingsResponse From(UserSettings s) => new(s.EmailNotifications, s.PushNotifications, s.NewsletterSubscribed,
        s.Language, s.Timezone, s.Theme, Parse(s.NotificationPreferences), Parse(s.PrivacyPreferences), s.UpdatedAt);

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
