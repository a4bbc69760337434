using NrsGirls.Shared.Content;

namespace NrsGirls.Functions.Content;

/// <summary>tracks: a DJ's uploads (metadata here, audio straight to blob storage), reading, search, plays and likes.</summary>
public sealed class TracksApi(TrackUploads uploads, TrackService tracks, TrackEngagement engagement, RequestAuth auth)
{
    /// <summary>Creates a track (owning DJ) and answers 201 with a write-only upload URL for its audio.</summary>
    [Function(nameof(CreateTrack))]
    public Task<IResult> CreateTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<CreateTrackRequest>(JsonBody.SmallMaxBytes, ct), async (who, body, _) =>
            body.UnknownFields() is { Count: > 0 } refused
                ? Problems.Validation(refused)
                : (await uploads.CreateAsync(who, body.ToInput(), ct)).ToResult(v => ResultHeaders.NoStore(TypedResults.Created($"/api/tracks/{v.Track.Id}", v))));

    /// <summary>The owner's "the file is up": queues the scan (202).</summary>
    [Function(nameof(TrackUploaded))]
    public Task<IResult> TrackUploaded(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/uploaded")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => uploads.MarkUploadedAsync(who, id, client, ct), v => TypedResults.Accepted($"/api/tracks/{v.Id}", v));

    [Function(nameof(GetTrack))]
    public Task<IResult> GetTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeBearer(request, (who, client) => tracks.GetAsync(id, who, client, ct));

    /// <summary>A DJ's tracks, newest first (keyset: limit, cursor); the owner also sees unscanned and refused ones.</summary>
    [Function(nameof(ListDjTracks))]
    public Task<IResult> ListDjTracks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "djs/{id:guid}/tracks")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeBearer(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => tracks.ListForDjAsync(id, who, client, q.Limit, q.Cursor, ct));

    /// <summary>Full-text search over title, artist and album: q (required), genre, limit, cursor.</summary>
    [Function(nameof(SearchTracks))]
    public Task<IResult> SearchTracks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tracks/search")] HttpRequest request, CancellationToken ct) =>
        auth.Anonymous(request, Query.Read(q => (Q: q.String("q"), Genre: q.String("genre"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (q, _) => tracks.SearchAsync(q.Q, q.Genre is "" ? null : q.Genre, q.Limit, q.Cursor, ct));

    /// <summary>Metadata only (title, artist, album, genre, bpm), by the owner or an admin.</summary>
    [Function(nameof(UpdateTrack))]
    public Task<IResult> UpdateTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<PatchTrackRequest>(JsonBody.SmallMaxBytes, ct), async (who, body, client) =>
        {
            var (patch, errors) = body.ToPatch();
            if (errors.Count > 0) return Problems.Validation(errors);
            return (await tracks.UpdateAsync(who, id, patch, client, ct)).ToResult();
        });

    /// <summary>Soft delete by the owner or an admin (204); the blob is deleted by the cleanup job.</summary>
    [Function(nameof(DeleteTrack))]
    public Task<IResult> DeleteTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tracks/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => tracks.DeleteAsync(who, id, client, ct), OutcomeResults.NoContent);

    /// <summary>Counts a play (anyone; a few per address and track per window, then 429).</summary>
    [Function(nameof(PlayTrack))]
    public Task<IResult> PlayTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/play")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeBearer(request, (who, client) => engagement.PlayAsync(id, who, client, ct));

    [Function(nameof(LikeTrack))]
    public Task<IResult> LikeTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracks/{id:guid}/like")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => engagement.LikeAsync(who, id, client, ct));

    [Function(nameof(UnlikeTrack))]
    public Task<IResult> UnlikeTrack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tracks/{id:guid}/like")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => engagement.UnlikeAsync(who, id, client, ct));
}
