using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Accounts;

/// <summary>A user's user_settings row; the two preference objects are JSON text (jsonb in PostgreSQL).</summary>
public sealed record UserSettings(
    bool EmailNotifications, bool PushNotifications, bool NewsletterSubscribed, string Language, string? Timezone,
    string Theme, string NotificationPreferences, string PrivacyPreferences, DateTimeOffset UpdatedAt);

/// <summary>A complete replacement of the settings (PUT): booleans, language and theme must be given.</summary>
public sealed record SettingsInput(
    bool? EmailNotifications, bool? PushNotifications, bool? NewsletterSubscribed, string? Language, string? Timezone,
    string? Theme, JsonElement? NotificationPreferences, JsonElement? PrivacyPreferences);

/// <summary>GET and PUT me/settings over the seed's user_settings (created with defaults at registration).</summary>
public sealed partial class UserSettingsService(AccountStore store, RateLimiter limiter, ILogger<UserSettingsService> log)
{
    public static readonly IReadOnlyList<string> Themes = ["light", "dark", "system"];
    public const int MaxPreferencesBytes = 4096;

    public async Task<Outcome<UserSettings>> GetAsync(Caller caller, CancellationToken ct) =>
        await store.GetSettingsAsync(caller.UserId, ct) is { } settings ? settings : AccountErrors.InvalidSession;

    public Task<Outcome<UserSettings>> ReplaceAsync(Caller caller, SettingsInput input, CancellationToken ct) =>
        RedisFailure.Guard<UserSettings>(log, "replace settings", async () =>
        {
            var errors = Validate(input);
            if (errors.Count > 0) return ServiceError.Invalid(errors);
            if (await limiter.HitAsync(AccountLimits.SettingsChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            return await store.ReplaceSettingsAsync(caller.UserId, input, ct) is { } settings ? settings : AccountErrors.InvalidSession;
        });

    public static Dictionary<string, string[]> Validate(SettingsInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.EmailNotifications is null) errors["emailNotifications"] = ["is required (true or false)."];
        if (input.PushNotifications is null) errors["pushNotifications"] = ["is required (true or false)."];
        if (input.NewsletterSubscribed is null) errors["newsletterSubscribed"] = ["is required (true or false)."];

        if (string.IsNullOrEmpty(input.Language)) errors["language"] = ["is required."];
        else if (input.Language.Length > 10) errors["language"] = ["must be at most 10 characters."];
        else if (!LanguageTag().IsMatch(input.Language)) errors["language"] = ["must be a language tag such as en or pt-BR."];

        if (input.Timezone is { } tz)
        {
            if (tz.Length > 50) errors["timezone"] = ["must be at most 50 characters."];
            // The shape check comes first: the id becomes a path under the zoneinfo folder on Linux.
            else if (!TimeZoneId().IsMatch(tz) || !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
                errors["timezone"] = ["must be an IANA time zone such as Europe/Berlin, or null."];
        }

        if (string.IsNullOrEmpty(input.Theme)) errors["theme"] = ["is required."];
        else if (!Themes.Contains(input.Theme)) errors["theme"] = [$"must be one of {string.Join(", ", Themes)}."];

        CheckObject("notificationPreferences", input.NotificationPreferences, errors);
        if (!errors.ContainsKey("notificationPreferences"))
            foreach (var (field, problem) in Notifications.NotificationPreferences.Validate(input.NotificationPreferences)) errors[field] = problem;
        CheckObject("privacyPreferences", input.PrivacyPreferences, errors);
        return errors;
    }

    private static void CheckObject(string field, JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return;
        if (v.ValueKind != JsonValueKind.Object) errors[field] = ["must be a JSON object."];
        else if (System.Text.Encoding.UTF8.GetByteCount(v.GetRawText()) > MaxPreferencesBytes)
            errors[field] = [$"must be at most {MaxPreferencesBytes} bytes of JSON."];
    }

    [GeneratedRegex("^(UTC|[A-Z][A-Za-z_+-]*(/[A-Za-z0-9_+-]+){1,2})$")]
    private static partial Regex TimeZoneId();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex LanguageTag();
}
