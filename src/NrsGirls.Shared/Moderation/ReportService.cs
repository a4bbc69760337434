using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Moderation;

/// <summary>
/// POST reports (anyone signed in; a creator's block never stops a report), the admin queue and the
/// review workflow pending → reviewing → resolved | dismissed, each transition in the activity log.
/// </summary>
public sealed class ReportService(ReportsStore store, RateLimiter limiter, ActivityLog activity, Notifications.NotificationDispatcher notifications,
    Mongo.MongoStore mongo, TimeProvider clock, ILogger<ReportService> log)
{
    public const string ReportFiled = "report.filed";
    public const string ReportTransition = "report.status_changed";

    public Task<Outcome<Report>> FileAsync(Caller caller, NewReport input, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Report>(log, "file report", async () =>
        {
            var errors = Validate(input);
            if (errors.Count > 0) return ServiceError.Invalid(errors);
            if (input.ReportedUserId == caller.UserId) return ReportErrors.CannotReportSelf;
            if (input.ReportedUserId is { } user && !await store.UserExistsAsync(user, ct)) return ReportErrors.ReportedUserNotFound;
            if (input.ReportedStreamId is { } stream)
            {
                var owner = await store.StreamOwnerAsync(stream, ct);
                if (owner is null) return ReportErrors.ReportedStreamNotFound;
                if (owner == caller.UserId) return ReportErrors.CannotReportSelf;
            }
            if (input.ReportedMessageId is { } message)
            {
                // Chat lives in MongoDB: without it no message can be found (503, like every chat route).
                if (!mongo.IsConfigured) return Chat.ChatErrors.Unavailable;
                var id = ObjectId.Parse(message); // Validate checked the form
                var author = await mongo.Database!.GetCollection<BsonDocument>(Mongo.MongoStore.ChatMessages)
                    .Find(Chat.ChatDocuments.ById(id)).Project<BsonDocument>(Chat.ChatDocuments.AuthorOnly).FirstOrDefaultAsync(ct);
                if (author is null) return ReportErrors.ReportedMessageNotFound;
                if (Chat.ChatDocuments.AuthorOf(author) == caller.UserId) return ReportErrors.CannotReportSelf;
                input = input with { ReportedMessageId = id.ToString() };
            }
            if (await limiter.HitAsync(ReportLimits.ReportsPerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            var row = await store.InsertAsync(caller.UserId, input, input.Description!.Trim(), ct);
            if (row is null) return ReportErrors.AlreadyOpen;
            await activity.RecordAsync(Entry(caller, client, ReportFiled, row.Id, new Dictionary<string, string>
            {
                ["reportType"] = row.ReportType, ["status"] = row.Status,
            }), ct);
            return row.ToReport();
        });

    public static Dictionary<string, string[]> Validate(NewReport input)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in (input.Other ?? []).Keys) errors[key] = ["is not a field of a report."];
        var targets = new object?[] { input.ReportedUserId, input.ReportedStreamId, input.ReportedMessageId }.Count(t => t is not null);
        if (targets != 1) errors["target"] = ["name exactly one of reportedUserId, reportedStreamId, reportedMessageId."];
        if (input.ReportedMessageId is { } message && !ObjectId.TryParse(message, out _))
            errors["reportedMessageId"] = ["must be a chat message id (24 hexadecimal digits)."];
        if (string.IsNullOrEmpty(input.ReportType)) errors["reportType"] = ["is required."];
        else if (!ReportRules.Types.Contains(input.ReportType)) errors["reportType"] = [$"must be one of {string.Join(", ", ReportRules.Types)}."];
        var description = input.Description?.Trim();
        if (string.IsNullOrEmpty(description)) errors["description"] = ["is required."];
        else if (description.Length > ReportRules.MaxDescription) errors["description"] = [$"must be at most {ReportRules.MaxDescription} characters."];
        return errors;
    }

    /// <summary>PATCH admin/reports/{id}: one step of the workflow; 409 with the current status for any other move.</summary>
    public async Task<Outcome<Report>> DecideAsync(Guid id, Caller admin, ReportDecision input, ClientInfo client, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in (input.Other ?? []).Keys) errors[key] = ["cannot be set; send status and resolutionNotes."];
        if (string.IsNullOrEmpty(input.Status)) errors["status"] = ["is required."];
        else if (!ReportRules.Statuses.Contains(input.Status)) errors["status"] = [$"must be one of {string.Join(", ", ReportRules.Statuses)}."];
        if (input.ResolutionNotes is { Length: > ReportRules.MaxResolutionNotes })
            errors["resolutionNotes"] = [$"must be at most {ReportRules.MaxResolutionNotes} characters."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        // The move is one conditional statement (from the one status it may come from); only when it changes
        // nothing is the status read, to tell a missing report (404) from one in another state (409).
        var notes = string.IsNullOrWhiteSpace(input.ResolutionNotes) ? null : input.ResolutionNotes.Trim();
        var row = ReportRules.From.TryGetValue(input.Status!, out var from)
            ? await store.TransitionAsync(id, from, input.Status!, admin.UserId, notes, clock.GetUtcNow().UtcDateTime, ct)
            : null;
        if (row is null)
            return await store.StatusAsync(id, ct) is { } current ? ReportErrors.TransitionNotAllowed(current, input.Status!) : ReportErrors.NotFound;
        await activity.RecordAsync(Entry(admin, client, ReportTransition, id, new Dictionary<string, string>
        {
            ["from"] = from!, ["to"] = row.Status,
        }), ct);
        if (row.Status is "resolved" or "dismissed") await notifications.EnqueueByKeyAsync(ReportsStore.DecisionEventKey(id, row.Status), ct);
        return row.ToReport();
    }

    public async Task<Outcome<Page<Report>>> ListAsync(string? status, string? type, string? limit, string? cursor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(status) && !ReportRules.Statuses.Contains(status)) errors["status"] = [$"must be one of {string.Join(", ", ReportRules.Statuses)}."];
        if (!string.IsNullOrEmpty(type) && !ReportRules.Types.Contains(type)) errors["type"] = [$"must be one of {string.Join(", ", ReportRules.Types)}."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfterTime(out var afterAt, out var afterId)) return PagingErrors.InvalidCursor;
        var rows = await store.ListAsync(string.IsNullOrEmpty(status) ? null : status, string.IsNullOrEmpty(type) ? null : type,
            afterAt, afterId, page.Value.Limit, ct);
        return page.Value.ToPage(rows, r => r.ToReport(), r => [PageRequest.Ticks(r.CreatedAt), r.Id.ToString("D")]);
    }

    private ActivityEntry Entry(Caller caller, ClientInfo client, string action, Guid reportId, Dictionary<string, string> metadata) =>
        new(caller.UserId, action, "report", reportId, client.IpAddress, client.UserAgent, metadata, clock.GetUtcNow());
}
