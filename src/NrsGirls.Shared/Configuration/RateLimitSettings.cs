using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Configuration;

/// <summary>Overrides of declared rate limits, by policy name (NRSGIRLS_RATE_LIMITS).</summary>
public sealed record RateLimitOptions
{
    public IReadOnlyDictionary<string, RateLimitPolicy> Overrides { get; init; } = new Dictionary<string, RateLimitPolicy>();
}

/// <summary>
/// Parses NRSGIRLS_RATE_LIMITS: <c>name=limit</c> or <c>name=limit/window</c> entries separated by commas,
/// for example <c>auth.login=60,me.settings=120/1h</c>; a window is a whole number of seconds, minutes or
/// hours (<c>90s</c>, <c>15m</c>, <c>1h</c>), from 1 second to 24 hours. Policies not named keep their
/// declared values; an unknown name or a bad number is a start-up error naming it.
/// </summary>
public static partial class RateLimitSettings
{
    public const int MaxLimit = 1_000_000;

    public static RateLimitOptions Parse(string? raw, IReadOnlyList<RateLimitPolicy> declared, ICollection<string> problems)
    {
        var overrides = new Dictionary<string, RateLimitPolicy>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(raw)) return new RateLimitOptions();
        var known = declared.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var entry in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = Entry().Match(entry);
            if (!m.Success)
            {
                problems.Add($"{SettingNames.RateLimits}: '{entry}' must look like name=limit or name=limit/window (for example auth.login=30/15m).");
                continue;
            }
            var name = m.Groups["name"].Value;
            if (!known.TryGetValue(name, out var policy))
            {
                problems.Add($"{SettingNames.RateLimits}: unknown policy '{name}'; known: {string.Join(", ", known.Keys)}.");
                continue;
            }
            if (!int.TryParse(m.Groups["limit"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > MaxLimit)
            {
                problems.Add($"{SettingNames.RateLimits}: the limit of '{name}' must be a whole number from 1 to {MaxLimit}; got '{m.Groups["limit"].Value}'.");
                continue;
            }
            var window = m.Groups["window"].Success ? Window(m.Groups["window"].Value) : policy.Window;
            if (window is null)
            {
                problems.Add($"{SettingNames.RateLimits}: the window of '{name}' must be 1s to 24h (for example 90s, 15m, 1h); got '{m.Groups["window"].Value}'.");
                continue;
            }
            if (!overrides.TryAdd(name, policy with { Limit = limit, Window = window.Value }))
                problems.Add($"{SettingNames.RateLimits}: policy '{name}' is set twice.");
        }
        return new RateLimitOptions { Overrides = overrides };
    }

    private static TimeSpan? Window(string text)
    {
        if (!long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        var seconds = text[^1] switch { 's' => n, 'm' => n * 60, _ => n * 3600 };
        return seconds is >= 1 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : null;
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9._-]*)\s*=\s*(?<limit>[0-9]{1,9})(?:\s*/\s*(?<window>[0-9]{1,6}[smh]))?$")]
    private static partial Regex Entry();
}
