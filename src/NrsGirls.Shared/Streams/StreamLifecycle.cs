using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Shared.Streams;

/// <summary>
/// POST streams and the legal transitions: scheduled → live | cancelled, live → ended. The database holds
/// the rules that concurrency could break (one live stream per creator: a partial unique index; one
/// winner per transition: conditional UPDATEs); this class orders the Redis steps around them.
/// </summary>
public sealed class StreamLifecycle(StreamsStore store, CreatorAccess creators, LiveViewers viewers, FieldEncryption encryption,
    StreamQueries queries, NotificationDispatcher notifications, TimeProvider clock)
{
    public async Task<Outcome<StreamView>> CreateAsync(Caller caller, CreateStreamRequest request, CancellationToken ct)
    {
        var creator = await creators.FindByOwnerAsync(caller.UserId, ct);
        if (creator is null) return StreamErrors.ProfileRequired;
        var now = clock.GetUtcNow();
        var valid = StreamRules.Validate(request, now);
        if (!valid.IsOk) return valid.Error;

        var id = Guid.CreateVersion7(now);
        var multistream = StreamRules.EncryptTargets(valid.Value.Targets, id, encryption);
        if (!await store.InsertAsync(id, creator, valid.Value, multistream, now, ct)) return StreamErrors.AlreadyLive;
        if (valid.Value.ScheduledStart is null) await WentLiveAsync(id, ct);
        return await ViewAsync(id, caller, ct);
    }

    public async Task<Outcome<StreamView>> StartAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var row = await OwnedAsync(caller, id, client, adminMayAct: false, ct);
        if (!row.IsOk) return row.Error;
        switch (await store.StartAsync(id, clock.GetUtcNow(), ct))
        {
            case StreamsStore.StartResult.CreatorAlreadyLive: return StreamErrors.AlreadyLive;
            case StreamsStore.StartResult.NotScheduled: return await CurrentStatusConflictAsync(id, "start", ct);
        }
        await WentLiveAsync(id, ct);
        return await ViewAsync(id, caller, ct);
    }

    /// <summary>What follows a stream's row turning live (created live or started): heartbeats accepted, followers told.</summary>
    private async Task WentLiveAsync(Guid id, CancellationToken ct)
    {
        await viewers.MarkLiveAsync(id);
        await notifications.EnqueueByKeyAsync(StreamsStore.LiveEventKey(id), ct);
    }

    /// <summary>
    /// live → ended. Redis first stops heartbeats and reads peak and distinct viewers; then one conditional
    /// UPDATE … WHERE status = 'live' persists them: of two concurrent ends exactly one wins, and only the
    /// winner deletes the stream's keys. A crash in between leaves a live stream whose next heartbeat
    /// re-marks it, so ending again is always possible.
    /// </summary>
    public async Task<Outcome<StreamView>> EndAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var row = await OwnedAsync(caller, id, client, adminMayAct: true, ct);
        if (!row.IsOk) return row.Error;
        if (row.Value.Status != StreamStatus.Live) return StreamErrors.IllegalTransition("end", row.Value.Status);
        var counts = await viewers.SealAsync(id);
        if (!await store.EndAsync(id, clock.GetUtcNow(), counts, ct)) return await CurrentStatusConflictAsync(id, "end", ct);
        await viewers.PurgeAsync(id);
        return await ViewAsync(id, caller, ct);
    }

    public async Task<Outcome<StreamView>> CancelAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var row = await OwnedAsync(caller, id, client, adminMayAct: true, ct);
        if (!row.IsOk) return row.Error;
        if (!await store.CancelAsync(id, ct)) return await CurrentStatusConflictAsync(id, "be cancelled", ct);
        return await ViewAsync(id, caller, ct);
    }

    /// <summary>The stream if the caller owns it (or is an admin, when allowed); 404 when they may not see it, else 403.</summary>
    private async Task<Outcome<StreamRow>> OwnedAsync(Caller caller, Guid id, ClientInfo client, bool adminMayAct, CancellationToken ct)
    {
        var foundRow = await store.FindVisibleAsync(id, caller, client, ct);
        if (!foundRow.IsOk) return foundRow.Error;
        var row = foundRow.Value;
        if (row.OwnerUserId == caller.UserId || (adminMayAct && caller.IsAdmin)) return row;
        return StreamErrors.NotOwner;
    }

    private async Task<ServiceError> CurrentStatusConflictAsync(Guid id, string action, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } now ? StreamErrors.IllegalTransition(action, now.Status) : StreamErrors.NotFound;

    private async Task<Outcome<StreamView>> ViewAsync(Guid id, Caller caller, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } row ? await queries.ViewAsync(row, caller, ct) : StreamErrors.NotFound;
}
