using NrsGirls.Shared.Content;

namespace NrsGirls.Shared.Streams;

/// <summary>A create request after validation: trimmed, tags lower-cased and de-duplicated, keys still in clear.</summary>
public sealed record ValidStream(
    string Title, string? Description, string? Category, string[] Tags, bool ChatEnabled, bool RecordingEnabled,
    DateTimeOffset? ScheduledStart, IReadOnlyList<(string Platform, string IngestUrl, string StreamKey)> Targets);

/// <summary>The rules of POST streams that need no database (plain-tested), and the stream-key encryption.</summary>
public static class StreamRules
{
    public const int MaxTitle = 255;
    public const int MaxDescription = 5000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 30;
    public const int MaxTargets = 5;
    public const int MaxIngestUrl = 500;
    public const int MaxStreamKey = 512;
    /// <summary>How far ahead a stream may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(365);

    public static readonly IReadOnlyList<string> Platforms = ["youtube", "twitch", "facebook", "kick", "tiktok", "instagram", "x", "custom"];

    public static Outcome<ValidStream> Validate(CreateStreamRequest r, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var title = r.Title?.Trim() ?? "";
        if (title.Length == 0) errors["title"] = ["is required."];
        else if (title.Length > MaxTitle) errors["title"] = [$"must be at most {MaxTitle} characters."];
        else if (HasControl(title)) errors["title"] = ["must not contain control characters."];

        var description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim();
        if (description is { Length: > MaxDescription }) errors["description"] = [$"must be at most {MaxDescription} characters."];
        else if (description is not null && HasControlBesidesLineBreaks(description)) errors["description"] = ["must not contain control characters."];

        var category = string.IsNullOrWhiteSpace(r.Category) ? null : r.Category.Trim().ToLowerInvariant();
        if (category is not null && !Catalog.StreamCategories.Contains(category))
            errors["category"] = [$"must be one of {string.Join(", ", Catalog.StreamCategories)}."];

        var tags = (r.Tags ?? []).Select(t => t?.Trim().ToLowerInvariant() ?? "").ToList();
        if (tags.Count > MaxTags) errors["tags"] = [$"at most {MaxTags} tags."];
        else if (tags.Any(t => t.Length == 0 || t.Length > MaxTagLength || HasControl(t)))
            errors["tags"] = [$"each tag must be 1 to {MaxTagLength} characters without control characters."];

        if (r.ScheduledStart is { } at)
        {
            if (at <= now) errors["scheduledStart"] = ["must be in the future (leave it out to go live now)."];
            else if (at - now > MaxScheduleAhead) errors["scheduledStart"] = ["must be within a year."];
        }

        var targets = new List<(string, string, string)>();
        var given = r.MultistreamConfig ?? [];
        if (given.Length > MaxTargets) errors["multistreamConfig"] = [$"at most {MaxTargets} targets."];
        else
            for (var i = 0; i < given.Length; i++)
            {
                var t = given[i];
                var at_ = $"multistreamConfig[{i}]";
                if (t is null) { errors[at_] = ["must be an object."]; continue; }
                var platform = t.Platform?.Trim().ToLowerInvariant() ?? "";
                if (!Platforms.Contains(platform)) errors[at_ + ".platform"] = [$"must be one of {string.Join(", ", Platforms)}."];
                var url = t.IngestUrl?.Trim() ?? "";
                if (url.Length is 0 or > MaxIngestUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    || uri.Scheme is not ("rtmp" or "rtmps") || string.IsNullOrEmpty(uri.Host))
                    errors[at_ + ".ingestUrl"] = [$"must be an rtmp:// or rtmps:// URL of at most {MaxIngestUrl} characters."];
                var key = t.StreamKey ?? "";
                if (key.Length is 0 or > MaxStreamKey || HasControl(key) || key.Any(char.IsWhiteSpace))
                    errors[at_ + ".streamKey"] = [$"must be 1 to {MaxStreamKey} characters without spaces or control characters."];
                targets.Add((platform, url, key));
            }

        if (errors.Count > 0) return ServiceError.Invalid(errors);
        return new ValidStream(title, description, category, tags.Distinct(StringComparer.Ordinal).ToArray(),
            r.ChatEnabled ?? true, r.RecordingEnabled ?? true, r.ScheduledStart, targets);
    }

    /// <summary>Any control character (line breaks included): refused in one-line fields.</summary>
    public static bool HasControl(string s) => s.Any(char.IsControl);

    /// <summary>Control characters other than line breaks and tabs: refused in multi-line text.</summary>
    public static bool HasControlBesidesLineBreaks(string s) => s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>The jsonb stored in streams.multistream_config: each key AES-256-GCM encrypted, bound to its stream and position.</summary>
    public static string? EncryptTargets(IReadOnlyList<(string Platform, string IngestUrl, string StreamKey)> targets, Guid streamId, FieldEncryption encryption)
    {
        if (targets.Count == 0) return null;
        var stored = targets.Select((t, i) => new StoredTarget(t.Platform, t.IngestUrl,
            encryption.Encrypt(System.Text.Encoding.UTF8.GetBytes(t.StreamKey), KeyBinding(streamId, i)))).ToArray();
        return JsonSerializer.Serialize(stored, JsonOptions);
    }

    /// <summary>The stored targets without their keys (what any answer may show).</summary>
    public static IReadOnlyList<MultistreamTargetView> Views(string? stored) =>
        stored is null ? [] : (JsonSerializer.Deserialize<StoredTarget[]>(stored, JsonOptions) ?? [])
            .Select(t => new MultistreamTargetView(t.Platform, t.IngestUrl)).ToList();

    /// <summary>The clear stream keys (for the restreaming worker); null for a key that fails to decrypt.</summary>
    public static IReadOnlyList<string?> DecryptKeys(string? stored, Guid streamId, FieldEncryption encryption) =>
        stored is null ? [] : (JsonSerializer.Deserialize<StoredTarget[]>(stored, JsonOptions) ?? [])
            .Select((t, i) => encryption.Decrypt(t.StreamKey, KeyBinding(streamId, i)) is { } b ? System.Text.Encoding.UTF8.GetString(b) : null)
            .ToList();

    private static byte[] KeyBinding(Guid streamId, int index) => System.Text.Encoding.UTF8.GetBytes($"stream-key:{streamId:D}:{index}");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record StoredTarget(string Platform, string IngestUrl, string StreamKey);
}
