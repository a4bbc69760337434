using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Content;
using NrsGirls.Shared.Security;

namespace NrsGirls.Functions.Content;

/// <summary>tracks: a DJ's uploads (metadata here, audio straight to blob storage), reading, search, plays and likes.</summary>
public sealed class TracksApi(TrackUploads uploads, TrackService tracks, TrackEngagement engagement, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Creates a track (owning DJ) and answers 201 with a write-only upload URL for its audio.</summary>
    [Function(nameof(CreateTrack))]
    public async Task<IResult> CreateTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<CreateTrackRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        if (body.Value.UnknownFields() is { Count: > 0 } refused) return Problems.Validation(refused);
        var outcome = await uploads.CreateAsync(who.Caller, body.Value.ToInput(), ct);
        return outcome.ToResult(v => ResultHeaders.NoStore(TypedResults.Created($"/api/tracks/{v.Track.Id}", v)));
    }

    /// <summary>The owner's "the file is up": queues the scan (202).</summary>
    [Function(nameof(TrackUploaded))]
    public async Task<IResult> TrackUploaded(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/uploaded")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await uploads.MarkUploadedAsync(who.Caller, id, ct);
        return outcome.ToResult(v => TypedResults.Accepted($"/api/tracks/{v.Id}", v));
    }

    [Function(nameof(GetTrack))]
    public async Task<IResult> GetTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await OptionalCallerAsync(request);
        if (who.Problem is not null) return who.Problem;
        var outcome = await tracks.GetAsync(id, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>A DJ's tracks, newest first (keyset: limit, cursor); the owner also sees unscanned and refused ones.</summary>
    [Function(nameof(ListDjTracks))]
    public async Task<IResult> ListDjTracks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "djs/{id:guid}/tracks")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await OptionalCallerAsync(request);
        if (who.Problem is not null) return who.Problem;
        if (!TryLimit(request, out var limit, out var bad)) return bad;
        var outcome = await tracks.ListForDjAsync(id, who.Caller, auth.Client(request), limit, Query(request, "cursor"), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Full-text search over title, artist and album: q (required), genre, limit, cursor.</summary>
    [Function(nameof(SearchTracks))]
    public async Task<IResult> SearchTracks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tracks/search")] HttpRequest request, CancellationToken ct)
    {
        if (!TryLimit(request, out var limit, out var bad)) return bad;
        var outcome = await tracks.SearchAsync(Query(request, "q"), Query(request, "genre"), limit, Query(request, "cursor"), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Metadata only (title, artist, album, genre, bpm), by the owner or an admin.</summary>
    [Function(nameof(UpdateTrack))]
    public async Task<IResult> UpdateTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<PatchTrackRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var (patch, errors) = body.Value.ToPatch();
        if (errors.Count > 0) return Problems.Validation(errors);
        var outcome = await tracks.UpdateAsync(who.Caller, id, patch, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Soft delete by the owner or an admin (204); the blob is deleted by the cleanup job.</summary>
    [Function(nameof(DeleteTrack))]
    public async Task<IResult> DeleteTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await tracks.DeleteAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    /// <summary>Counts a play (anyone; a few per address and track per window, then 429).</summary>
    [Function(nameof(PlayTrack))]
    public async Task<IResult> PlayTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/play")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await OptionalCallerAsync(request);
        if (who.Problem is not null) return who.Problem;
        var outcome = await engagement.PlayAsync(id, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(LikeTrack))]
    public async Task<IResult> LikeTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/like")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await engagement.LikeAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(UnlikeTrack))]
    public async Task<IResult> UnlikeTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tracks/{id:guid}/like")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await engagement.UnlikeAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Public routes: no token means anonymous; a token that is sent must be valid (401 otherwise).</summary>
    private async Task<(Caller? Caller, IResult? Problem)> OptionalCallerAsync(HttpRequest request)
    {
        if (RequestAuth.BearerToken(request) is null) return (null, null);
        var who = await auth.AuthenticateAsync(request);
        return who.IsOk ? (who.Caller, null) : (null, who.Problem);
    }

    private static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    /// <summary>limit: absent = default; above the cap = the cap; not a whole number = 400 naming it.</summary>
    private static bool TryLimit(HttpRequest request, out int? limit, out IResult problem)
    {
        limit = null;
        problem = null!;
        if (Query(request, "limit") is not { } raw) return true;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) { limit = n; return true; }
        if (raw.Length > 0 && raw.All(char.IsAsciiDigit)) { limit = int.MaxValue; return true; } // digits beyond int: capped
        problem = Problems.Validation("limit", "must be a whole number from 1 (larger values are capped at 100).");
        return false;
    }
}
