using System.Diagnostics;
using Azure.Storage.Queues;
using MongoDB.Bson;
using Npgsql;
using NrsGirls.Shared.Mongo;
using StackExchange.Redis;

namespace NrsGirls.Shared.Operations;

public sealed record StoreHealth(string Store, string Status, long LatencyMs, string? Error = null);

public sealed record HealthReport(bool Healthy, IReadOnlyList<StoreHealth> Stores);

/// <summary>Reachability of each store: "up", "down", or "not configured" (MongoDB only).</summary>
public sealed class HealthService(
    NpgsqlDataSource postgres,
    IConnectionMultiplexer redis,
    MongoStore mongo,
    QueueServiceClient queues)
{
    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var checks = await Task.WhenAll(
            Probe("postgres", async c =>
            {
                await using var cmd = postgres.CreateCommand("select 1");
                await cmd.ExecuteScalarAsync(c);
            }, ct),
            Probe("redis", async _ => await redis.GetDatabase().PingAsync(), ct),
            mongo.IsConfigured
                ? Probe("mongodb", c => mongo.Database!.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: c), ct)
                : Task.FromResult(new StoreHealth("mongodb", "not configured", 0)),
            Probe("storage", c => queues.GetPropertiesAsync(c), ct));
        return new HealthReport(checks.All(s => s.Status != "down"), checks);
    }

    private static async Task<StoreHealth> Probe(string store, Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await probe(timeout.Token).WaitAsync(timeout.Token);
            return new StoreHealth(store, "up", sw.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The message names the failure (refused, timeout, auth) without internals like stack traces.
            return new StoreHealth(store, "down", sw.ElapsedMilliseconds, ex.GetType().Name + ": " + FirstLine(ex.Message));
        }
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
