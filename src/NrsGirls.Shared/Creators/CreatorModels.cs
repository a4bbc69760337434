using System.Text.Json.Serialization;

namespace NrsGirls.Shared.Creators;

/// <summary>
/// The body of POST djs / POST performers / PATCH …/{id}. Each field is a raw JSON value so that "absent"
/// (ValueKind Undefined: leave unchanged), "null" (clear it) and "wrong type" can be told apart and each
/// reported by name; anything else sent lands in <see cref="Other"/> and is refused by name.
/// </summary>
public sealed class ProfileFields
{
    public JsonElement StageName { get; init; }
    public JsonElement Bio { get; init; }
    public JsonElement Genres { get; init; }
    public JsonElement AvatarUrl { get; init; }
    public JsonElement BannerUrl { get; init; }
    public JsonElement SocialLinks { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>Validated profile fields; a Set* flag says the field was sent (its value may be null: cleared).</summary>
public sealed record ProfileChanges(
    bool SetStageName, string? StageName, bool SetBio, string? Bio, bool SetGenres, string[]? Genres,
    bool SetAvatarUrl, string? AvatarUrl, bool SetBannerUrl, string? BannerUrl, bool SetSocialLinks, string? SocialLinksJson)
{
    public IReadOnlyList<string> ChangedFields() =>
        new (bool Set, string Name)[]
        {
            (SetStageName, "stageName"), (SetBio, "bio"), (SetGenres, "genres"), (SetAvatarUrl, "avatarUrl"),
            (SetBannerUrl, "bannerUrl"), (SetSocialLinks, "socialLinks"),
        }.Where(f => f.Set).Select(f => f.Name).ToList();
}

/// <summary>
/// A performer's privacy_settings object. Every key is a boolean; a missing key takes its default.
/// showFollowerCount: others see followerCount (owner and admins always do). showFollowers: others may
/// list GET creators/{id}/followers. allowPrivateShows: read by private-show booking.
/// </summary>
public sealed record PrivacySettings(bool ShowFollowerCount = true, bool ShowFollowers = true, bool AllowPrivateShows = true)
{
    public static readonly IReadOnlyList<string> Keys = ["showFollowerCount", "showFollowers", "allowPrivateShows"];
    public static readonly PrivacySettings Default = new();

    /// <summary>Reads the stored jsonb; unknown keys and non-boolean values (older rows) fall back to defaults.</summary>
    public static PrivacySettings FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return Default;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return Default;
        bool Read(string key, bool fallback) =>
            doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
        return new PrivacySettings(Read("showFollowerCount", true), Read("showFollowers", true), Read("allowPrivateShows", true));
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, bool>
    {
        ["showFollowerCount"] = ShowFollowerCount, ["showFollowers"] = ShowFollowers, ["allowPrivateShows"] = AllowPrivateShows,
    });
}

/// <summary>The body of PUT performers/{id}/privacy: a full replacement of the settings and the blocked regions.</summary>
public sealed class PrivacyFields
{
    public JsonElement PrivacySettings { get; init; }
    public JsonElement BlockedRegions { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>A performer's privacy as the owner sees it.</summary>
public sealed record CreatorPrivacy(Guid CreatorId, PrivacySettings PrivacySettings, IReadOnlyList<string> BlockedRegions,
    IReadOnlyList<Guid> BlockedUsers, DateTimeOffset UpdatedAt);

/// <summary>
/// A creator profile as the API shows it. Type-specific fields are left out for the other type;
/// totalEarnings, privacySettings, blockedRegions and blockedUsers only for the owner and admins;
/// followerCount is left out when a performer hides it (except for the owner and admins).
/// </summary>
public sealed record CreatorProfile(
    Guid Id, string Type, Guid UserId, string StageName, string? Bio,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Genres,
    string? AvatarUrl, string? BannerUrl, JsonElement? SocialLinks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FollowerCount,
    int StreamCount, int TotalViews,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? VerifiedArtist,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? VerifiedPerformer,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? TotalEarnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PrivacySettings? PrivacySettings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? BlockedRegions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid>? BlockedUsers);

/// <summary>A follow as its follower sees it.</summary>
public sealed record Follow(Guid Id, Guid CreatorId, string CreatorType, bool NotificationsEnabled, DateTimeOffset CreatedAt);

/// <summary>Result of POST …/follow: the follow, and whether this call created it (201) or it existed (200).</summary>
public sealed record FollowResult(Follow Follow, bool Created);

/// <summary>One row of GET me/following.</summary>
public sealed record FollowedCreator(Guid CreatorId, string CreatorType, string StageName, string? AvatarUrl, bool NotificationsEnabled, DateTimeOffset FollowedAt);

/// <summary>One row of GET creators/{id}/followers.</summary>
public sealed record Follower(Guid UserId, DateTimeOffset FollowedAt);

/// <summary>One hit of GET creators/search; rank is ts_rank (name weight A, bio weight B).</summary>
public sealed record CreatorHit(Guid Id, string Type, string StageName, string? Bio, string? AvatarUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Genres,
    bool Verified, float Rank);
