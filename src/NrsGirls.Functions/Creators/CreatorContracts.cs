using System.Text.Json.Serialization;

namespace NrsGirls.Functions.Creators;

/// <summary>PATCH admin/creators/{id}; anything else sent is refused by name.</summary>
public sealed record VerificationRequest(bool? VerifiedArtist, bool? VerifiedPerformer)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>PATCH creators/{id}/follow.</summary>
public sealed record FollowSettingsRequest(bool? NotificationsEnabled);
