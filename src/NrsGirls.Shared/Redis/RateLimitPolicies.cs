using System.Reflection;

namespace NrsGirls.Shared.Redis;

/// <summary>
/// A limit: at most <paramref name="Limit"/> calls per caller per <paramref name="Window"/>. Features
/// declare theirs, with default values, as <c>public static readonly</c> fields of a static class whose
/// name ends in "Limits" (see Accounts/AccountLimits.cs); the name is what NRSGIRLS_RATE_LIMITS refers to
/// and must be unique. The values in force come from <see cref="RateLimitPolicies"/>.
/// </summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Window)
{
    /// <summary>The seed's rate-limit TTL: fixed 15-minute windows.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);

    public RateLimitPolicy(string name, int limit) : this(name, limit, DefaultWindow) { }
}

/// <summary>
/// The limits in force: each declared policy, or its override from NRSGIRLS_RATE_LIMITS (bound and checked
/// at start-up into <see cref="RateLimitOptions"/>). <see cref="RateLimiter"/> asks here on every hit.
/// </summary>
public sealed class RateLimitPolicies(RateLimitOptions options)
{
    /// <summary>Every declared policy of the app, found by reflection over the *Limits classes of this assembly.</summary>
    public static IReadOnlyList<RateLimitPolicy> Declared { get; } = Discover();

    /// <summary>The policy in force for a declared one.</summary>
    public RateLimitPolicy this[RateLimitPolicy declared] =>
        options.Overrides.TryGetValue(declared.Name, out var set) ? set : declared;

    private static List<RateLimitPolicy> Discover()
    {
        var declared = typeof(RateLimitPolicy).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Limits", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsInitOnly && f.FieldType == typeof(RateLimitPolicy))
            .Select(f => (RateLimitPolicy)f.GetValue(null)!)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var twice = declared.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return twice.Count == 0
            ? declared
            : throw new InvalidOperationException($"Rate-limit policy names must be unique; declared more than once: {string.Join(", ", twice)}.");
    }
}
