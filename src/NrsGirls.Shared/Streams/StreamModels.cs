namespace NrsGirls.Shared.Streams;

/// <summary>The seed's streams.status values.</summary>
public static class StreamStatus
{
    public const string Scheduled = "scheduled";
    public const string Live = "live";
    public const string Ended = "ended";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> All = [Scheduled, Live, Ended, Cancelled];
}

/// <summary>One restream target as a client sends it; the stream key is encrypted at rest and never shown again.</summary>
public sealed record MultistreamTarget(string? Platform, string? IngestUrl, string? StreamKey);

/// <summary>POST streams. No <see cref="ScheduledStart"/>: the stream goes live now.</summary>
public sealed record CreateStreamRequest(
    string? Title, string? Description, string? Category, string[]? Tags, bool? ChatEnabled, bool? RecordingEnabled,
    DateTimeOffset? ScheduledStart, MultistreamTarget[]? MultistreamConfig);

/// <summary>A restream target as answered: never the key.</summary>
public sealed record MultistreamTargetView(string Platform, string IngestUrl);

/// <summary>A stream as the API shows it. <see cref="ViewerCount"/> is live from Redis (0 unless live).</summary>
public sealed record StreamView(
    Guid Id, Guid CreatorId, string CreatorType, string StageName, string Title, string? Description, string? Category,
    string[] Tags, string Status, DateTimeOffset StartTime, DateTimeOffset? EndTime, DateTimeOffset? ScheduledStart,
    bool ChatEnabled, bool RecordingEnabled, long ViewerCount, int PeakViewers, int TotalViews,
    IReadOnlyList<MultistreamTargetView>? Multistream);


/// <summary>What a heartbeat answers: the live count and when to beat again.</summary>
public sealed record HeartbeatView(long ViewerCount, int HeartbeatSeconds, int ExpiresAfterSeconds);

/// <summary>A streams row joined with its creator's profile (stage name, owner, block lists for <c>CreatorAccess.MaySee</c>).</summary>
public sealed class StreamRow
{
    public Guid Id { get; init; }
    public Guid CreatorId { get; init; }
    public string CreatorType { get; init; } = "";
    public string StageName { get; init; } = "";
    public Guid OwnerUserId { get; init; }
    public string[]? BlockedRegions { get; init; }
    public Guid[]? BlockedUsers { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string? Category { get; init; }
    public string[]? Tags { get; init; }
    public string Status { get; init; } = "";
    public DateTime StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public DateTime? ScheduledStart { get; init; }
    public bool ChatEnabled { get; init; }
    public bool RecordingEnabled { get; init; }
    public int PeakViewers { get; init; }
    public int TotalViews { get; init; }
    public string? MultistreamConfig { get; init; }

    public Creators.CreatorAccess.AccessRow Access() => new()
    {
        Id = CreatorId, Type = CreatorType, UserId = OwnerUserId, StageName = StageName,
        BlockedRegions = BlockedRegions, BlockedUsers = BlockedUsers,
    };

    public Creators.CreatorRef Creator() => new(CreatorId, CreatorType, OwnerUserId, StageName);
}
