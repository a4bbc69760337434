namespace NrsGirls.Shared.Chat;

/// <summary>The chat and chat moderation feature's error codes (unique across the app).</summary>
public static class ChatErrors
{
    public static readonly ServiceError Unavailable = new(ErrorKind.Unavailable, "chat_unavailable",
        "Chat is not available: its message store (MongoDB) is not configured.");
    public static readonly ServiceError Disabled = new(ErrorKind.Conflict, "chat_disabled", "Chat is turned off for this stream.");
    public static readonly ServiceError NotModerator = new(ErrorKind.Forbidden, "chat_not_moderator",
        "Only the creator, the creator's moderators and admins may moderate this chat.");
    public static readonly ServiceError NotCreatorOwner = new(ErrorKind.Forbidden, "chat_not_creator_owner", "Only the creator (or an admin) may appoint moderators.");
    public static readonly ServiceError FollowersOnly = new(ErrorKind.Forbidden, "chat_followers_only", "This chat is for followers only.");
    public static readonly ServiceError SubscribersOnly = new(ErrorKind.Forbidden, "chat_subscribers_only", "This chat is for subscribers only.");
    public static readonly ServiceError Duplicate = new(ErrorKind.Conflict, "chat_duplicate_message",
        "The same message was sent less than 30 seconds ago.");
    public static readonly ServiceError MessageNotFound = new(ErrorKind.NotFound, "chat_message_not_found", "The chat message was not found.");
    public static readonly ServiceError UserNotFound = new(ErrorKind.NotFound, "chat_user_not_found", "No such user.");
    public static readonly ServiceError ModeratorNotFound = new(ErrorKind.NotFound, "chat_moderator_not_found", "That user is not a moderator of this creator.");
    public static readonly ServiceError BanNotFound = new(ErrorKind.NotFound, "chat_ban_not_found", "That user is neither banned nor timed out here.");
    public static readonly ServiceError TargetProtected = new(ErrorKind.Forbidden, "chat_target_protected",
        "The creator cannot be moderated, moderators only by the creator or an admin, and nobody by themselves.");

    /// <summary>403 while a ban or timeout lasts; says until when.</summary>
    public static ServiceError Banned(ChatBan ban) => new(ErrorKind.Forbidden, ban.Kind == ChatBanKind.Timeout ? "chat_timed_out" : "chat_banned",
        ban.ExpiresAt is { } at ? $"You may not chat here until {at:O}." : "You are banned from this creator's chats.");

    /// <summary>429 in slow mode (the retry delay is the rest of the interval).</summary>
    public static ServiceError SlowMode(int retryAfterSeconds) =>
        new(ErrorKind.RateLimited, "chat_slow_mode", $"Slow mode: wait {retryAfterSeconds} seconds between messages.") { RetryAfterSeconds = retryAfterSeconds };
}
