namespace NrsGirls.Shared.Chat;

/// <summary>userRole of a chat message: the poster's role in that stream (admins post as moderators).</summary>
public static class ChatRoles
{
    public const string Viewer = "viewer";
    public const string Subscriber = "subscriber";
    public const string Moderator = "moderator";
    public const string Owner = "owner";
}

public enum ChatBanKind { Timeout, Ban }

/// <summary>A ban or timeout from one creator's chats. <see cref="ExpiresAt"/> null: a ban without end.</summary>
public sealed record ChatBan(ChatBanKind Kind, DateTimeOffset? ExpiresAt, Guid ByUserId);

/// <summary>Per-stream chat modes. SlowModeSeconds 0: off.</summary>
public sealed record ChatMode(int SlowModeSeconds, bool FollowersOnly, bool SubscribersOnly)
{
    public static readonly ChatMode Open = new(0, false, false);
}

/// <summary>What the server extracts from a message.</summary>
public sealed record ChatMetadata(IReadOnlyList<string> Emotes, IReadOnlyList<Guid> Mentions, IReadOnlyList<string> Links);

/// <summary>POST streams/{id}/chat.</summary>
public sealed record PostChatRequest(string? Message);

/// <summary>POST creators/{id}/chat-bans. type: timeout (durationSeconds 60–86400) or ban (durationSeconds optional: none = until lifted).</summary>
public sealed record ChatBanRequest(Guid? UserId, string? Type, int? DurationSeconds, string? Reason);

/// <summary>PUT streams/{id}/chat-mode (the whole mode; absent flags are off).</summary>
public sealed record ChatModeRequest(int? SlowModeSeconds, bool? FollowersOnly, bool? SubscribersOnly);

/// <summary>A chat message as answered; a deleted one shows without its text and metadata.</summary>
public sealed record ChatMessageView(
    string Id, Guid StreamId, Guid UserId, string Username, string UserRole, string? Message, DateTimeOffset Timestamp,
    bool Deleted, DateTimeOffset? DeletedAt, Guid? DeletedBy, ChatMetadata? Metadata);


/// <summary>An answered ban or timeout.</summary>
public sealed record ChatBanView(Guid CreatorId, Guid UserId, string Type, DateTimeOffset? ExpiresAt);
