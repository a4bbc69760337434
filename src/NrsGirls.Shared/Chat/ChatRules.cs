using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Chat;

/// <summary>Every chat rule that needs no database: message validation, metadata extraction, who may moderate whom, modes, bans.</summary>
public static partial class ChatRules
{
    public const int MaxMessage = 500;
    public const int MaxMentions = 10;
    public const int MaxLinks = 10;
    public const int MaxEmotes = 20;
    public const int MaxLinkLength = 2000;
    public const int MaxReason = 500;
    public const int MaxSlowModeSeconds = 3600;
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxBan = TimeSpan.FromDays(365);
    /// <summary>A message identical to the sender's previous one within this window is refused.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(30);
    /// <summary>Rate limit per user per stream: a burst of this many, then <see cref="RefillPerSecond"/>.</summary>
    public const int Burst = 5;
    public const double RefillPerSecond = 1.0;

    /// <summary>The known emotes, written <c>:name:</c> in a message.</summary>
    public static readonly IReadOnlyList<string> Emotes =
    [
        "fire", "heart", "clap", "laugh", "wave", "party", "100", "dance", "music", "headphones", "star", "kiss", "smile", "wow", "cry",
    ];

    /// <summary>The trimmed message, or a 400 naming <c>message</c>: 1–500 characters (Unicode scalars), no control characters.</summary>
    public static Outcome<string> ValidateMessage(string? raw)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) return ServiceError.Invalid("message", "is required (1 to 500 characters).");
        if (text.EnumerateRunes().Count() > MaxMessage) return ServiceError.Invalid("message", $"must be at most {MaxMessage} characters.");
        if (text.Any(char.IsControl)) return ServiceError.Invalid("message", "must not contain control characters (line breaks included).");
        return text;
    }

    public static IReadOnlyList<string> ExtractEmotes(string message) =>
        EmoteRegex().Matches(message).Select(m => m.Groups[1].Value.ToLowerInvariant())
            .Where(Emotes.Contains).Distinct(StringComparer.Ordinal).Take(MaxEmotes).ToList();

    /// <summary>The @names of a message, lower-cased and distinct (resolved to user ids against stage names by the store).</summary>
    public static IReadOnlyList<string> ExtractMentionNames(string message) =>
        MentionRegex().Matches(message).Select(m => m.Groups[1].Value.TrimEnd('.', '-').ToLowerInvariant()).Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal).Take(MaxMentions).ToList();

    /// <summary>http(s) links, as absolute URLs, distinct.</summary>
    public static IReadOnlyList<string> ExtractLinks(string message) =>
        LinkRegex().Matches(message).Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')'))
            .Where(l => l.Length <= MaxLinkLength && Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Host.Length > 0)
            .Distinct(StringComparer.Ordinal).Take(MaxLinks).ToList();

    /// <summary>The poster's role in a stream: owner, moderator (admins too), subscriber, viewer.</summary>
    public static string RoleOf(Caller caller, Guid ownerUserId, bool isModerator, bool isSubscriber) =>
        caller.UserId == ownerUserId ? ChatRoles.Owner
        : isModerator || caller.IsAdmin ? ChatRoles.Moderator
        : isSubscriber ? ChatRoles.Subscriber
        : ChatRoles.Viewer;

    public static bool MayModerate(string role) => role is ChatRoles.Owner or ChatRoles.Moderator;

    /// <summary>
    /// Whether an actor (role in the creator's chat) may time out or ban a target: never the creator,
    /// never oneself, and a moderator only by the creator or an admin.
    /// </summary>
    public static ServiceError? MayActOn(Caller actor, string actorRole, Guid targetUserId, Guid ownerUserId, bool targetIsModerator)
    {
        if (!MayModerate(actorRole)) return ChatErrors.NotModerator;
        if (targetUserId == ownerUserId || targetUserId == actor.UserId) return ChatErrors.TargetProtected;
        if (targetIsModerator && actorRole != ChatRoles.Owner && !actor.IsAdmin) return ChatErrors.TargetProtected;
        return null;
    }

    /// <summary>Followers-only and subscribers-only; the creator and moderators always pass.</summary>
    public static ServiceError? ModeRefuses(ChatMode mode, string role, bool isFollower, bool isSubscriber)
    {
        if (MayModerate(role)) return null;
        if (mode.SubscribersOnly && !isSubscriber) return ChatErrors.SubscribersOnly;
        if (mode.FollowersOnly && !isFollower && !isSubscriber) return ChatErrors.FollowersOnly;
        return null;
    }

    /// <summary>The ban or timeout a request asks for, or a 400 naming each bad field.</summary>
    public static Outcome<(Guid UserId, ChatBanKind Kind, TimeSpan? Duration, string? Reason)> ValidateBan(ChatBanRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.UserId is null || r.UserId == Guid.Empty) errors["userId"] = ["is required."];
        ChatBanKind? kind = r.Type switch { "timeout" => ChatBanKind.Timeout, "ban" => ChatBanKind.Ban, _ => null };
        if (kind is null) errors["type"] = ["must be timeout or ban."];
        TimeSpan? duration = r.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
        if (kind == ChatBanKind.Timeout && (duration is null || duration < MinTimeout || duration > MaxTimeout))
            errors["durationSeconds"] = [$"a timeout lasts {MinTimeout.TotalSeconds:0} to {MaxTimeout.TotalSeconds:0} seconds."];
        if (kind == ChatBanKind.Ban && duration is { } d && (d < MinTimeout || d > MaxBan))
            errors["durationSeconds"] = [$"a ban lasts {MinTimeout.TotalSeconds:0} to {MaxBan.TotalSeconds:0} seconds, or leave it out for no end."];
        var reason = string.IsNullOrWhiteSpace(r.Reason) ? null : r.Reason.Trim();
        if (reason is { Length: > MaxReason }) errors["reason"] = [$"must be at most {MaxReason} characters."];
        else if (reason is not null && reason.Any(char.IsControl)) errors["reason"] = ["must not contain control characters."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        return (r.UserId!.Value, kind!.Value, duration, reason);
    }

    public static Outcome<ChatMode> ValidateMode(ChatModeRequest r)
    {
        var slow = r.SlowModeSeconds ?? 0;
        if (slow is < 0 or > MaxSlowModeSeconds) return ServiceError.Invalid("slowModeSeconds", $"must be 0 (off) to {MaxSlowModeSeconds}.");
        return new ChatMode(slow, r.FollowersOnly ?? false, r.SubscribersOnly ?? false);
    }

    /// <summary>How a ban is kept in Redis: "kind|expiresAtMs (0: none)|byUserId". Redis's TTL only cleans up; the expiry inside decides.</summary>
    public static string EncodeBan(ChatBan ban) => string.Join('|', ban.Kind == ChatBanKind.Timeout ? "timeout" : "ban",
        (ban.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0).ToString(CultureInfo.InvariantCulture), ban.ByUserId.ToString("N"));

    /// <summary>The ban still in force at <paramref name="now"/>, or null (none, expired, or unreadable).</summary>
    public static ChatBan? ActiveBan(string? stored, DateTimeOffset now)
    {
        var parts = stored?.Split('|');
        if (parts is not { Length: 3 } || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !Guid.TryParseExact(parts[2], "N", out var by)) return null;
        var kind = parts[0] == "timeout" ? ChatBanKind.Timeout : ChatBanKind.Ban;
        DateTimeOffset? expires = ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return expires is { } e && e <= now ? null : new ChatBan(kind, expires, by);
    }

    [GeneratedRegex(@":([A-Za-z0-9_]{1,32}):")]
    private static partial Regex EmoteRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])@([\p{L}\p{N}_.\-]{1,100})")]
    private static partial Regex MentionRegex();

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex LinkRegex();
}
