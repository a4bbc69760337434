using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Functions.Streams;

/// <summary>Live viewers: a heartbeat every ~15 s, a goodbye on leaving. Signed in or anonymous (with a client-generated viewerId).</summary>
public sealed class ViewersApi(ViewerService viewers, RequestAuth auth)
{
    private const int MaxBodyBytes = 1024;

    /// <summary>Anonymous callers send <c>{"viewerId": "&lt;uuid&gt;"}</c>; signed-in callers may send no body.</summary>
    [Function(nameof(StreamHeartbeat))]
    public async Task<IResult> StreamHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/viewers/heartbeat")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        string? viewerId = null;
        if (who.Caller is null)
        {
            var body = await JsonBody.ReadAsync<HeartbeatRequest>(request, ct, MaxBodyBytes);
            if (!body.IsOk) return body.Problem;
            viewerId = body.Value.ViewerId;
        }
        var outcome = await viewers.HeartbeatAsync(id, who.Caller, viewerId, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Anonymous callers name themselves with <c>?viewerId=</c>.</summary>
    [Function(nameof(LeaveStream))]
    public async Task<IResult> LeaveStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "streams/{id:guid}/viewers/me")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await viewers.LeaveAsync(id, who.Caller, request.Query["viewerId"], auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }
}

public sealed record HeartbeatRequest(string? ViewerId);
