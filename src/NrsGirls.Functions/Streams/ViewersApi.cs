using NrsGirls.Shared.Streams;

namespace NrsGirls.Functions.Streams;

/// <summary>Live viewers: a heartbeat every ~15 s, a goodbye on leaving. Signed in or anonymous (with a client-generated viewerId).</summary>
public sealed class ViewersApi(ViewerService viewers, RequestAuth auth)
{
    private const int MaxBodyBytes = 1024;

    /// <summary>Anonymous callers send <c>{"viewerId": "&lt;uuid&gt;"}</c>; signed-in callers may send no body.</summary>
    [Function(nameof(StreamHeartbeat))]
    public Task<IResult> StreamHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/viewers/heartbeat")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, async (who, client) =>
        {
            string? viewerId = null;
            if (who is null)
            {
                var body = await JsonBody.ReadAsync<HeartbeatRequest>(request, ct, MaxBodyBytes);
                if (!body.IsOk) return body.Problem;
                viewerId = body.Value.ViewerId;
            }
            return (await viewers.HeartbeatAsync(id, who, viewerId, client, ct)).ToResult();
        });

    /// <summary>Anonymous callers name themselves with <c>?viewerId=</c>.</summary>
    [Function(nameof(LeaveStream))]
    public Task<IResult> LeaveStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "streams/{id:guid}/viewers/me")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, Query.Read(q => q.String("viewerId")),
            (who, viewerId, client) => viewers.LeaveAsync(id, who, viewerId, client, ct), OutcomeResults.NoContent);
}

public sealed record HeartbeatRequest(string? ViewerId);
