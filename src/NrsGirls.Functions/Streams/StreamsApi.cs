using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Functions.Streams;

/// <summary>streams: create, the start/end/cancel transitions, and the lists (with live viewer counts).</summary>
public sealed class StreamsApi(StreamLifecycle lifecycle, StreamQueries queries, RequestAuth auth)
{
    private const int MaxBodyBytes = 32 * 1024;

    [Function(nameof(CreateStream))]
    public async Task<IResult> CreateStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<CreateStreamRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await lifecycle.CreateAsync(who.Caller, body.Value, ct);
        return outcome.ToResult(v => TypedResults.Created($"/api/streams/{v.Id}", v));
    }

    [Function(nameof(StartStream))]
    public async Task<IResult> StartStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/start")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await lifecycle.StartAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Persists peak_viewers, total_views and end_time; safe to call twice (the second answers 409 stream_transition_invalid).</summary>
    [Function(nameof(EndStream))]
    public async Task<IResult> EndStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/end")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await lifecycle.EndAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(CancelStream))]
    public async Task<IResult> CancelStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/cancel")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await lifecycle.CancelAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(ListStreams))]
    public async Task<IResult> ListStreams(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var q = request.Query;
        var outcome = await queries.ListAsync(q["status"], q["category"], q["q"], q["limit"], q["cursor"], who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(GetStream))]
    public async Task<IResult> GetStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await queries.GetAsync(id, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(ListCreatorStreams))]
    public async Task<IResult> ListCreatorStreams(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/streams")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var q = request.Query;
        var outcome = await queries.ByCreatorAsync(id, q["status"], q["limit"], q["cursor"], who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
