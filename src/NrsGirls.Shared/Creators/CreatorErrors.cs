namespace NrsGirls.Shared.Creators;

/// <summary>The creators feature's error codes (profiles, privacy, follows, search); docs/creators.md lists them.</summary>
public static class CreatorErrors
{
    // 404 creator_not_found (missing, or hidden by a block) is CreatorAccess.CreatorNotFound: one code for both.

    public static readonly ServiceError ProfileExists =
        new(ErrorKind.Conflict, "creator_profile_exists", "This account already has its creator profile; change it with PATCH.");
    public static readonly ServiceError WrongRole =
        new(ErrorKind.Forbidden, "creator_role_mismatch", "Only an account of the matching role (dj or performer) can create this profile.");
    public static readonly ServiceError NotOwner =
        new(ErrorKind.Forbidden, "creator_not_owner", "Only the creator who owns this profile (or an admin) may change it.");
    public static readonly ServiceError CannotFollowSelf =
        new(ErrorKind.BadRequest, "cannot_follow_self", "You cannot follow your own profile.");
    public static readonly ServiceError NotFollowing =
        new(ErrorKind.NotFound, "follow_not_found", "You do not follow this creator.");
    public static readonly ServiceError FollowersHidden =
        new(ErrorKind.Forbidden, "followers_hidden", "This creator keeps the followers list private.");
    public static readonly ServiceError CannotBlockSelf =
        new(ErrorKind.BadRequest, "cannot_block_self", "You cannot block your own account.");
    public static readonly ServiceError BlockedUserNotFound =
        new(ErrorKind.NotFound, "blocked_user_not_found", "There is no such user to block.");
    public static readonly ServiceError TooManyBlockedUsers =
        new(ErrorKind.Conflict, "blocked_users_limit", $"A profile can block at most {CreatorLimits.MaxBlockedUsers} users; unblock some first.");
}

/// <summary>The limits of the creators feature, in one place (docs/creators.md repeats them).</summary>
public static class CreatorLimits
{
    public const int MaxStageName = 100;
    public const int MaxBio = 2000;
    public const int MaxGenres = 10;
    public const int MaxUrl = 500;
    public const int MaxBlockedUsers = 10_000;
    public const int MaxSearchQuery = 200;
    public const int MaxBodyBytes = 16 * 1024;

    public static readonly Redis.RateLimitPolicy FollowPerUser = new("creators.follow", 300);
}
