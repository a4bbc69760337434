using NrsGirls.Shared.Content;

namespace NrsGirls.Shared.Creators;

/// <summary>The checks of profile and privacy bodies: each bad field is named with what is wrong.</summary>
public static class ProfileValidation
{
    /// <summary>Networks socialLinks may name; each maps to an https URL.</summary>
    public static readonly IReadOnlyList<string> SocialNetworks =
        ["instagram", "twitter", "x", "tiktok", "youtube", "twitch", "soundcloud", "mixcloud", "spotify", "facebook", "website"];

    /// <summary>Fields the server keeps (counters, money, verification, ids): refused by name, never silently ignored.</summary>
    public static readonly IReadOnlySet<string> ServerFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "type", "userId", "rating", "totalEarnings", "followerCount", "streamCount", "totalViews",
        "verifiedArtist", "verifiedPerformer", "createdAt", "updatedAt",
    };

    private static readonly IReadOnlySet<string> PrivacyFieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "privacySettings", "blockedRegions", "blockedUsers",
    };

    /// <summary>Validates a create (stageName required) or a patch (every field optional) of a profile of <paramref name="type"/>.</summary>
    public static Outcome<ProfileChanges> Validate(ProfileFields f, string type, bool create)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in (f.Other ?? []).Keys)
            errors[key] = [ServerFields.Contains(key) ? "is kept by the server and cannot be set by the client."
                : PrivacyFieldNames.Contains(key) ? "is changed through PUT performers/{id}/privacy and the blocked-users routes."
                : "is not a field of the profile."];

        var stage = Text(f.StageName, "stageName", CreatorLimits.MaxStageName, required: create, nullable: false, errors);
        var bio = Text(f.Bio, "bio", CreatorLimits.MaxBio, required: false, nullable: true, errors);
        var genres = Genres(f.Genres, type, errors);
        var avatar = Url(f.AvatarUrl, "avatarUrl", errors);
        var banner = Url(f.BannerUrl, "bannerUrl", errors);
        var social = SocialLinks(f.SocialLinks, errors);
        if (!create && errors.Count == 0 && !(stage.Set || bio.Set || genres.Set || avatar.Set || banner.Set || social.Set))
            errors["body"] = ["names no field to change."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        return new ProfileChanges(stage.Set, stage.Value, bio.Set, bio.Value, genres.Set, genres.Value,
            avatar.Set, avatar.Value, banner.Set, banner.Value, social.Set, social.Value);
    }

    private static (bool Set, string? Value) Text(JsonElement e, string field, int max, bool required, bool nullable, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Undefined)
        {
            if (required) errors[field] = ["is required."];
            return (false, null);
        }
        if (e.ValueKind == JsonValueKind.Null)
        {
            if (!nullable) errors[field] = ["cannot be null."];
            return (true, null);
        }
        if (e.ValueKind != JsonValueKind.String) { errors[field] = ["must be a string."]; return (false, null); }
        var s = e.GetString()!.Trim();
        if (s.Length == 0 && !nullable) errors[field] = ["cannot be empty."];
        else if (s.Length > max) errors[field] = [$"must be at most {max} characters."];
        else if (s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || (field == "stageName" && s.Any(char.IsControl)))
            errors[field] = ["must not contain control characters."];
        return (true, s.Length == 0 ? null : s);
    }

    private static (bool Set, string[]? Value) Genres(JsonElement e, string type, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Undefined) return (false, null);
        if (type != CreatorTypes.Dj) { errors["genres"] = ["only DJ profiles have genres."]; return (false, null); }
        if (e.ValueKind == JsonValueKind.Null) return (true, null);
        if (e.ValueKind != JsonValueKind.Array) { errors["genres"] = ["must be an array of genres."]; return (false, null); }
        var list = new List<string>();
        foreach (var g in e.EnumerateArray())
        {
            if (g.ValueKind != JsonValueKind.String || !Catalog.Genres.Contains(g.GetString()!))
            {
                errors["genres"] = [$"each genre must be one of {string.Join(", ", Catalog.Genres)}."];
                return (false, null);
            }
            if (!list.Contains(g.GetString()!)) list.Add(g.GetString()!);
        }
        if (list.Count > CreatorLimits.MaxGenres) errors["genres"] = [$"must list at most {CreatorLimits.MaxGenres} genres."];
        return (true, list.ToArray());
    }

    private static (bool Set, string? Value) Url(JsonElement e, string field, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Undefined) return (false, null);
        if (e.ValueKind == JsonValueKind.Null) return (true, null);
        var problem = e.ValueKind == JsonValueKind.String ? UrlProblem(e.GetString()!) : "must be a string (an https URL) or null.";
        if (problem is not null) { errors[field] = [problem]; return (false, null); }
        return (true, e.GetString());
    }

    /// <summary>Null for an absolute https URL of at most 500 characters; otherwise what is wrong.</summary>
    public static string? UrlProblem(string s)
    {
        if (s.Length > CreatorLimits.MaxUrl) return $"must be at most {CreatorLimits.MaxUrl} characters.";
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0
            || s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !string.IsNullOrEmpty(uri.UserInfo))
            return "must be an absolute https URL.";
        return null;
    }

    private static (bool Set, string? Value) SocialLinks(JsonElement e, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Undefined) return (false, null);
        if (e.ValueKind == JsonValueKind.Null) return (true, null);
        if (e.ValueKind != JsonValueKind.Object) { errors["socialLinks"] = ["must be an object of network → https URL."]; return (false, null); }
        var links = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var p in e.EnumerateObject())
        {
            var field = "socialLinks." + p.Name;
            if (!SocialNetworks.Contains(p.Name)) errors[field] = [$"is not a known network; use {string.Join(", ", SocialNetworks)}."];
            else if (p.Value.ValueKind != JsonValueKind.String) errors[field] = ["must be an https URL."];
            else if (UrlProblem(p.Value.GetString()!) is { } problem) errors[field] = [problem];
            else links[p.Name] = p.Value.GetString()!;
        }
        return errors.Count > before ? (false, null) : (true, JsonSerializer.Serialize(links));
    }

    /// <summary>Validates PUT performers/{id}/privacy: the settings object (booleans only) and the blocked region codes.</summary>
    public static Outcome<(PrivacySettings Settings, string[] Regions)> ValidatePrivacy(PrivacyFields f)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in (f.Other ?? []).Keys)
            errors[key] = [key.Equals("blockedUsers", StringComparison.OrdinalIgnoreCase)
                ? "is changed through POST/DELETE performers/{id}/blocked-users/{userId}." : "is not a field of the privacy settings."];

        var settings = PrivacySettings.Default;
        if (f.PrivacySettings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) errors["privacySettings"] = ["is required (an object)."];
        else if (f.PrivacySettings.ValueKind != JsonValueKind.Object) errors["privacySettings"] = ["must be an object."];
        else
        {
            var values = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var p in f.PrivacySettings.EnumerateObject())
            {
                if (!PrivacySettings.Keys.Contains(p.Name)) errors["privacySettings." + p.Name] = [$"is not a privacy setting; use {string.Join(", ", PrivacySettings.Keys)}."];
                else if (p.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) errors["privacySettings." + p.Name] = ["must be true or false."];
                else values[p.Name] = p.Value.GetBoolean();
            }
            settings = new PrivacySettings(values.GetValueOrDefault("showFollowerCount", true), values.GetValueOrDefault("showFollowers", true),
                values.GetValueOrDefault("allowPrivateShows", true));
        }

        var regions = new List<string>();
        if (f.BlockedRegions.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) errors["blockedRegions"] = ["is required (an array, [] for none)."];
        else if (f.BlockedRegions.ValueKind != JsonValueKind.Array) errors["blockedRegions"] = ["must be an array of ISO 3166-1 alpha-2 codes."];
        else
        {
            var bad = new List<string>();
            foreach (var r in f.BlockedRegions.EnumerateArray())
            {
                var code = r.ValueKind == JsonValueKind.String ? r.GetString()!.ToUpperInvariant() : null;
                if (code is null || !CountryCodes.Assigned.Contains(code)) bad.Add(r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetRawText());
                else if (!regions.Contains(code)) regions.Add(code);
            }
            if (bad.Count > 0)
                errors["blockedRegions"] = [$"{string.Join(", ", bad.Take(5))} {(bad.Count == 1 ? "is not an" : "are not")} assigned ISO 3166-1 alpha-2 code{(bad.Count == 1 ? "" : "s")}."];
        }
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        regions.Sort(StringComparer.Ordinal);
        return (settings, regions.ToArray());
    }
}
