using RequestFailedException = Azure.RequestFailedException;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Content;

/// <summary>
/// Reading and editing tracks: one track, a DJ's tracks, search, PATCH and soft DELETE. A track is seen
/// only through its DJ (<see cref="CreatorAccess"/>), never when soft-deleted, and before a scan accepted
/// its file only by its owner (and admins).
/// </summary>
public sealed class TrackService(TrackStore store, CreatorAccess creators, TrackScanQueue queue, ILogger<TrackService> log)
{
    /// <summary>The track if this caller may see it; otherwise 404 track_not_found (never saying why).</summary>
    public async Task<Outcome<TrackRow>> FindVisibleAsync(Guid id, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var row = await store.FindAsync(id, ct);
        if (row is null || row.DeletedAt is not null) return TrackErrors.NotFound;
        var dj = await creators.FindVisibleAsync(row.DjId, CreatorTypes.Dj, caller, client, ct);
        if (!dj.IsOk) return TrackErrors.NotFound;
        if (!row.Scanned && !MayManage(caller, row)) return TrackErrors.NotFound;
        return row;
    }

    public async Task<Outcome<TrackView>> GetAsync(Guid id, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var found = await FindVisibleAsync(id, caller, client, ct);
        return found.IsOk ? found.Value.ToView() : found.Error;
    }

    public async Task<Outcome<Page<TrackView>>> ListForDjAsync(Guid djId, Caller? caller, ClientInfo client, string? limit, string? cursor, CancellationToken ct)
    {
        var request = PageRequest.Parse(limit, cursor, 2);
        if (!request.IsOk) return request.Error;
        if (!request.Value.TryAfter(PageRequest.ParseTicks, PageRequest.ParseGuid, out var after)) return PagingErrors.InvalidCursor;
        var dj = await creators.FindVisibleAsync(djId, CreatorTypes.Dj, caller, client, ct);
        if (!dj.IsOk) return dj.Error;
        var withUnscanned = dj.Value.IsOwnedBy(caller) || caller is { IsAdmin: true };
        var rows = await store.ListForDjAsync(dj.Value.Id, withUnscanned, after?.Key, after?.Id ?? Guid.Empty, request.Value.Limit + 1, ct);
        return request.Value.ToPage(rows, r => r.ToView(), r => [PageRequest.Ticks(r.UploadDate), r.Id.ToString("D")]);
    }

    /// <summary>
    /// Full text over title, artist and album of public (scanned) tracks. Tracks belong to DJs, who have
    /// no block lists or region rules, so only deleted accounts are left out.
    /// </summary>
    public async Task<Outcome<Page<TrackView>>> SearchAsync(string? q, string? genre, string? limit, string? cursor, CancellationToken ct)
    {
        // A trailing space matters: it says the last word is finished (no prefix match).
        q = q?.TrimStart();
        if (string.IsNullOrWhiteSpace(q)) return TrackErrors.SearchQueryMissing;
        if (q.Length > TrackRules.MaxQueryLength) return TrackErrors.SearchQueryTooLong;
        if (genre is not null && !Catalog.Genres.Contains(genre))
            return ServiceError.Invalid("genre", $"must be one of the catalog's genres: {string.Join(", ", Catalog.Genres)}.");
        var request = PageRequest.Parse(limit, cursor, 2);
        if (!request.IsOk) return request.Error;
        if (!request.Value.TryAfter(PageRequest.ParseRank, PageRequest.ParseGuid, out var after)) return PagingErrors.InvalidCursor;
        var (words, prefix) = TrackRules.SearchTerms(q);
        var rows = await store.SearchAsync(words, prefix, genre, after?.Key, after?.Id ?? Guid.Empty, request.Value.Limit + 1, ct);
        return request.Value.ToPage(rows, r => r.ToView(), r => [PageRequest.Rank(r.Rank), r.Id.ToString("D")]);
    }

    /// <summary>PATCH: metadata only, by the owner or an admin.</summary>
    public async Task<Outcome<TrackView>> UpdateAsync(Caller caller, Guid id, TrackPatch patch, ClientInfo client, CancellationToken ct)
    {
        var found = await FindManageableAsync(caller, id, client, ct);
        if (!found.IsOk) return found.Error;
        if (patch.IsEmpty) return TrackErrors.NothingToChange;
        var clean = patch with
        {
            Title = patch.Title.Set ? Optional<string>.Of(patch.Title.Value?.Trim()) : patch.Title,
            Artist = patch.Artist.Set ? Optional<string>.Of(TrackRules.Clean(patch.Artist.Value)) : patch.Artist,
            Album = patch.Album.Set ? Optional<string>.Of(TrackRules.Clean(patch.Album.Value)) : patch.Album,
        };
        var errors = TrackRules.Check(clean.Title.Value, clean.Title.Set, clean.Artist.Value, clean.Album.Value, clean.Genre.Value, clean.Bpm.Value);
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        if (!await store.UpdateAsync(id, clean, ct)) return TrackErrors.NotFound;
        return (await store.FindAsync(id, ct))!.ToView();
    }

    /// <summary>Soft delete by the owner or an admin; the blob goes with the cleanup job (queued now, swept by a timer too).</summary>
    public async Task<Outcome<Done>> DeleteAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var found = await FindManageableAsync(caller, id, client, ct);
        if (!found.IsOk) return found.Error;
        if (!await store.SoftDeleteAsync(id, ct)) return TrackErrors.NotFound;
        try { await queue.SendAsync(id, ct); }
        catch (RequestFailedException ex)
        {
            // The track is deleted either way; the cleanup timer deletes the blob later.
            log.LogWarning(ex, "Could not queue the blob cleanup of deleted track {TrackId}", id);
        }
        return Done.Value;
    }

    private async Task<Outcome<TrackRow>> FindManageableAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var found = await FindVisibleAsync(id, caller, client, ct);
        if (!found.IsOk) return found.Error;
        return MayManage(caller, found.Value) ? found.Value : TrackErrors.NotOwner;
    }

    private static bool MayManage(Caller? caller, TrackRow row) => caller is not null && (caller.IsAdmin || caller.UserId == row.OwnerUserId);
}
