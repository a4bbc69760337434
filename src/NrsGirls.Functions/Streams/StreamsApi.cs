using NrsGirls.Shared.Streams;

namespace NrsGirls.Functions.Streams;

/// <summary>streams: create, the start/end/cancel transitions, and the lists (with live viewer counts).</summary>
public sealed class StreamsApi(StreamLifecycle lifecycle, StreamQueries queries, RequestAuth auth)
{
    private const int MaxBodyBytes = 32 * 1024;

    [Function(nameof(CreateStream))]
    public Task<IResult> CreateStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<CreateStreamRequest>(MaxBodyBytes, ct), (who, body, _) => lifecycle.CreateAsync(who, body, ct),
            v => TypedResults.Created($"/api/streams/{v.Id}", v));

    [Function(nameof(StartStream))]
    public Task<IResult> StartStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/start")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => lifecycle.StartAsync(who, id, client, ct));

    /// <summary>Persists peak_viewers, total_views and end_time; safe to call twice (the second answers 409 stream_transition_invalid).</summary>
    [Function(nameof(EndStream))]
    public Task<IResult> EndStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/end")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => lifecycle.EndAsync(who, id, client, ct));

    [Function(nameof(CancelStream))]
    public Task<IResult> CancelStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/cancel")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => lifecycle.CancelAsync(who, id, client, ct));

    [Function(nameof(ListStreams))]
    public Task<IResult> ListStreams(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams")] HttpRequest request, CancellationToken ct) =>
        auth.MaybeSignedIn(request,
            Query.Read(q => (Status: q.String("status"), Category: q.String("category"), Q: q.String("q"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => queries.ListAsync(q.Status, q.Category, q.Q, q.Limit, q.Cursor, who, client, ct));

    [Function(nameof(GetStream))]
    public Task<IResult> GetStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, (who, client) => queries.GetAsync(id, who, client, ct));

    [Function(nameof(ListCreatorStreams))]
    public Task<IResult> ListCreatorStreams(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/streams")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, Query.Read(q => (Status: q.String("status"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => queries.ByCreatorAsync(id, q.Status, q.Limit, q.Cursor, who, client, ct));
}
