using MongoDB.Bson;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Shared.Activity;

/// <summary>One entry of the seed's activity_logs collection.</summary>
public sealed record ActivityEntry(
    Guid UserId, string Action, string? ResourceType, Guid? ResourceId, string IpAddress, string? UserAgent,
    IReadOnlyDictionary<string, string>? Metadata, DateTimeOffset Timestamp);

/// <summary>
/// Writes <see cref="ActivityEntry"/> documents to activity_logs through <see cref="MongoStore"/>. When
/// MONGODB_URI is empty it logs and skips; when MongoDB fails it logs and carries on: an audit trail
/// outage must not lock everybody out of signing in.
/// </summary>
public sealed class ActivityLog(MongoStore mongo, ILogger<ActivityLog> log)
{
    public const int MaxUserAgentLength = 512;

    /// <summary>The document exactly as the driver will insert it (UUIDs as standard binary subtype 4).</summary>
    public static BsonDocument ToDocument(ActivityEntry e)
    {
        var metadata = new BsonDocument();
        foreach (var (k, v) in e.Metadata ?? new Dictionary<string, string>()) metadata[k] = v;
        return new BsonDocument
        {
            ["userId"] = new BsonBinaryData(e.UserId, GuidRepresentation.Standard),
            ["action"] = e.Action,
            ["resourceType"] = e.ResourceType is null ? BsonNull.Value : e.ResourceType,
            ["resourceId"] = e.ResourceId is { } id ? new BsonBinaryData(id, GuidRepresentation.Standard) : BsonNull.Value,
            ["ipAddress"] = e.IpAddress,
            ["userAgent"] = e.UserAgent is null ? BsonNull.Value : Truncate(e.UserAgent, MaxUserAgentLength),
            ["metadata"] = metadata,
            ["timestamp"] = new BsonDateTime(e.Timestamp.UtcDateTime),
        };
    }

    public async Task RecordAsync(ActivityEntry entry, CancellationToken ct)
    {
        if (!mongo.IsConfigured)
        {
            log.LogInformation("MongoDB not configured: activity {Action} of user {UserId} not recorded", entry.Action, entry.UserId);
            return;
        }
        try
        {
            await mongo.Database!.GetCollection<BsonDocument>(MongoStore.ActivityLogs).InsertOneAsync(ToDocument(entry), cancellationToken: ct);
        }
        catch (Exception ex) when (ex is MongoDB.Driver.MongoException or TimeoutException)
        {
            log.LogWarning(ex, "Activity {Action} of user {UserId} not recorded: MongoDB failed", entry.Action, entry.UserId);
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
