using System.Text.Json.Serialization;

namespace NrsGirls.Shared.Moderation;

/// <summary>The seed's report types and statuses (reports CHECKs) and the workflow between statuses.</summary>
public static class ReportRules
{
    public static readonly IReadOnlyList<string> Types = ["harassment", "spam", "inappropriate_content", "copyright", "other"];
    public static readonly IReadOnlyList<string> Statuses = ["pending", "reviewing", "resolved", "dismissed"];

    /// <summary>pending → reviewing → resolved | dismissed; nothing else (a decided report stays decided).</summary>
    public static readonly IReadOnlyDictionary<string, string> From = new Dictionary<string, string>
    {
        ["reviewing"] = "pending",
        ["resolved"] = "reviewing",
        ["dismissed"] = "reviewing",
    };

    public const int MaxDescription = 2000;
    public const int MaxResolutionNotes = 2000;
    public const int MaxBodyBytes = 16 * 1024;
}

/// <summary>Reports' rate limits (declared in a *Limits class so NRSGIRLS_RATE_LIMITS can set them).</summary>
public static class ReportLimits
{
    public static readonly Redis.RateLimitPolicy ReportsPerUser = new("reports.create", 30);
}

/// <summary>The body of POST reports: exactly one target (a user, a stream or a chat message), a type and a description.</summary>
public sealed record NewReport(Guid? ReportedUserId, Guid? ReportedStreamId, string? ReportedMessageId, string? ReportType, string? Description)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>The body of PATCH admin/reports/{id}.</summary>
public sealed record ReportDecision(string? Status, string? ResolutionNotes)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

public sealed record Report(
    Guid Id, Guid ReporterId, Guid? ReportedUserId, Guid? ReportedStreamId, string? ReportedMessageId, string ReportType,
    string Description, string Status, Guid? ReviewedBy, DateTimeOffset? ReviewedAt, string? ResolutionNotes, DateTimeOffset CreatedAt);
