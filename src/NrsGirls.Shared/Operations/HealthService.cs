using System.Diagnostics;
using Azure.Storage.Queues;
using MongoDB.Bson;
using NrsGirls.Shared.Mongo;
using StackExchange.Redis;

namespace NrsGirls.Shared.Operations;

/// <summary>One store's state as the anonymous health route shows it: no exception names or messages.</summary>
public sealed record StoreHealth(string Store, string Status, long LatencyMs);

public sealed record HealthReport(bool Healthy, IReadOnlyList<StoreHealth> Stores);

/// <summary>
/// Reachability of each store: "up", "down", or "not configured" (MongoDB only). The report is public
/// (GET health is anonymous), so why a store is down goes to the log, never into the report.
/// </summary>
public sealed class HealthService(
    NpgsqlDataSource postgres,
    IConnectionMultiplexer redis,
    MongoStore mongo,
    QueueServiceClient queues,
    ILogger<HealthService> log)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not configured";

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
                : Task.FromResult(new StoreHealth("mongodb", NotConfigured, 0)),
            Probe("storage", c => queues.GetPropertiesAsync(c), ct));
        return new HealthReport(checks.All(s => s.Status != Down), checks);
    }

    private async Task<StoreHealth> Probe(string store, Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await probe(timeout.Token).WaitAsync(timeout.Token);
            return new StoreHealth(store, Up, sw.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The log names the failure (refused, timeout, auth) in one line, without a stack trace per probe.
            log.LogWarning("Health: {Store} is down after {ElapsedMs} ms: {Reason}", store, sw.ElapsedMilliseconds,
                ExceptionText.OneLine(ex));
            return new StoreHealth(store, Down, sw.ElapsedMilliseconds);
        }
    }
}
