using NrsGirls.Shared.Content;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Streams;

/// <summary>GET streams, GET streams/{id}, GET creators/{id}/streams: rows from PostgreSQL, live counts from Redis in one round trip per page.</summary>
public sealed class StreamQueries(StreamsStore store, CreatorAccess creators, LiveViewers viewers)
{
    public const int MaxQueryLength = 200;

    public async Task<Outcome<StreamView>> GetAsync(Guid id, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var foundRow = await store.FindVisibleAsync(id, caller, client, ct);
        if (!foundRow.IsOk) return foundRow.Error;
        var row = foundRow.Value;
        return await ViewAsync(row, caller, ct);
    }

    /// <summary>GET streams?status=live|scheduled&amp;category=&amp;q=&amp;limit=&amp;cursor=.</summary>
    public async Task<Outcome<Page<StreamView>>> ListAsync(string? status, string? category, string? q, string? limit, string? cursor,
        Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        status = string.IsNullOrEmpty(status) ? StreamStatus.Live : status;
        if (status is not (StreamStatus.Live or StreamStatus.Scheduled)) errors["status"] = ["must be live or scheduled."];
        if (!string.IsNullOrEmpty(category) && !Catalog.StreamCategories.Contains(category))
            errors["category"] = [$"must be one of {string.Join(", ", Catalog.StreamCategories)}."];
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (text is { Length: > MaxQueryLength }) errors["q"] = [$"must be at most {MaxQueryLength} characters."];
        var paging = Paging(limit, cursor, errors);
        if (!paging.IsOk) return paging.Error;
        return await PageAsync(new StreamListQuery(status, string.IsNullOrEmpty(category) ? null : category, text, null,
            paging.Value.Limit, paging.Value.After, caller?.UserId, client.Country, caller?.IsAdmin ?? false), caller, ct);
    }

    /// <summary>GET creators/{id}/streams?status=&amp;limit=&amp;cursor=: a visible creator's streams, newest first (scheduled: soonest first).</summary>
    public async Task<Outcome<Page<StreamView>>> ByCreatorAsync(Guid creatorId, string? status, string? limit, string? cursor,
        Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(status) && !StreamStatus.All.Contains(status))
            errors["status"] = [$"must be one of {string.Join(", ", StreamStatus.All)}."];
        var paging = Paging(limit, cursor, errors);
        if (!paging.IsOk) return paging.Error;
        return await PageAsync(new StreamListQuery(string.IsNullOrEmpty(status) ? null : status, null, null, creatorId,
            paging.Value.Limit, paging.Value.After, caller?.UserId, client.Country, caller?.IsAdmin ?? false), caller, ct);
    }

    /// <summary>A row as answered, with its live count (one Redis call).</summary>
    public async Task<StreamView> ViewAsync(StreamRow row, Caller? caller, CancellationToken ct)
    {
        var counts = row.Status == StreamStatus.Live ? await viewers.CountsAsync([row.Id]) : null;
        return ToView(row, counts, caller);
    }

    private async Task<Page<StreamView>> PageAsync(StreamListQuery query, Caller? caller, CancellationToken ct)
    {
        var rows = await store.ListAsync(query, ct);
        var page = rows.Take(query.Limit).ToList();
        var counts = await viewers.CountsAsync(page.Where(r => r.Status == StreamStatus.Live).Select(r => r.Id).ToList());
        var next = new PageRequest(query.Limit, null).NextCursor(rows, r => [PageRequest.Ticks(r.StartTime), r.Id.ToString("D")]);
        return new Page<StreamView>(page.Select(r => ToView(r, counts, caller)).ToList(), next);
    }

    private static Outcome<(int Limit, (DateTime, Guid)? After)> Paging(string? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        var n = PageRequest.ParseLimit(limit);
        if (!n.IsOk) errors["limit"] = n.Error.Fields!["limit"];
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        var page = PageRequest.WithCursor(n.Value, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfter(PageRequest.ParseTicks, PageRequest.ParseGuid, out var after)) return PagingErrors.InvalidCursor;
        return (n.Value, after);
    }

    private static StreamView ToView(StreamRow r, IReadOnlyDictionary<Guid, long>? counts, Caller? caller)
    {
        var mayManage = caller is not null && (caller.UserId == r.OwnerUserId || caller.IsAdmin);
        return new StreamView(r.Id, r.CreatorId, r.CreatorType, r.StageName, r.Title, r.Description, r.Category, r.Tags ?? [],
            r.Status, Utc(r.StartTime), r.EndTime is { } e ? Utc(e) : null, r.ScheduledStart is { } s ? Utc(s) : null,
            r.ChatEnabled, r.RecordingEnabled, counts is not null && counts.TryGetValue(r.Id, out var c) ? c : 0,
            r.PeakViewers, r.TotalViews, mayManage ? StreamRules.Views(r.MultistreamConfig) : null);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
