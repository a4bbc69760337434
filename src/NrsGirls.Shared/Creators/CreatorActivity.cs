using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Creators;

/// <summary>The activity_logs entries of the creators feature: one document per change, built here so tests can render them.</summary>
public static class CreatorActivity
{
    public const string ProfileCreated = "creator.profile_created";
    public const string ProfileUpdated = "creator.profile_updated";
    public const string PrivacyUpdated = "creator.privacy_updated";
    public const string UserBlocked = "creator.user_blocked";
    public const string UserUnblocked = "creator.user_unblocked";
    public const string VerificationChanged = "creator.verification_changed";

    /// <summary>resourceType names the table: dj_profile or performer_profile.</summary>
    public static ActivityEntry Entry(Caller caller, ClientInfo client, string action, string creatorType, Guid creatorId,
        IReadOnlyDictionary<string, string> metadata, TimeProvider clock) =>
        new(caller.UserId, action, creatorType + "_profile", creatorId, client.IpAddress, client.UserAgent, metadata, clock.GetUtcNow());
}
