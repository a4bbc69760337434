using Azure;
using Azure.Storage.Queues;
using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Mongo;
using StackExchange.Redis;

namespace NrsGirls.Shared.Operations;

public sealed record RedisStats(double? KeyspaceHitRate, long? UsedMemoryBytes, long? ConnectedClients, long? Keys, string? Error);
public sealed record CollectionSize(string Name, long Documents, long Bytes, long StorageBytes);
public sealed record QueueLength(string Queue, bool Poison, int? Messages, string? Note);

public sealed record OperationsStats(
    DateTimeOffset TakenAt, PostgresStats Postgres, RedisStats Redis,
    IReadOnlyList<CollectionSize> Mongo, string? MongoNote, IReadOnlyList<QueueLength> Queues);

/// <summary>
/// The numbers that show trouble, in one call (`GET admin/db/stats`, `nrsgirls db stats`). Each store is
/// read on its own: a store that cannot be reached is reported as such, the others still are.
/// </summary>
public sealed class StatsService(DatabaseStats postgres, RedisOptions redis, MongoStore mongo, QueueServiceClient queues, QueueNames names, TimeProvider clock)
{
    public async Task<OperationsStats> ReadAsync(CancellationToken ct)
    {
        var pg = await postgres.ReadAsync(ct);
        var (collections, mongoNote) = await MongoSizesAsync(ct);
        return new OperationsStats(clock.GetUtcNow(), pg, await RedisAsync(), collections, mongoNote, await QueuesAsync(ct));
    }

    /// <summary>Every queue named in <see cref="QueueNames"/> (so new queues are included without a change here) and its poison twin.</summary>
    public IReadOnlyList<string> QueueList() =>
        typeof(QueueNames).GetProperties().Where(p => p.PropertyType == typeof(string))
            .Select(p => (string)p.GetValue(names)!).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<QueueLength>> QueuesAsync(CancellationToken ct)
    {
        var result = new List<QueueLength>();
        foreach (var q in QueueList())
            foreach (var (name, poison) in new[] { (q, false), (Storage.StorageNames.Poison(q), true) })
            {
                try
                {
                    var props = await queues.GetQueueClient(name).GetPropertiesAsync(ct);
                    result.Add(new QueueLength(name, poison, props.Value.ApproximateMessagesCount, null));
                }
                catch (RequestFailedException ex) when (ex.Status == 404) { result.Add(new QueueLength(name, poison, 0, "not created yet")); }
                catch (RequestFailedException ex) { result.Add(new QueueLength(name, poison, null, ex.ErrorCode ?? ex.Message)); }
            }
        return result;
    }

    private async Task<RedisStats> RedisAsync()
    {
        try
        {
            // INFO is an admin command: a short-lived connection of its own allows it, the app's shared one never does.
            var config = ServiceCollectionExtensions.RedisConfiguration(redis);
            config.AllowAdmin = true;
            config.AbortOnConnectFail = true;
            await using var mux = await ConnectionMultiplexer.ConnectAsync(config);
            var server = mux.GetServers()[0];
            var info = (await server.InfoAsync()).SelectMany(g => g).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            long? Num(string key) => info.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
            var hits = Num("keyspace_hits");
            var misses = Num("keyspace_misses");
            double? rate = hits + misses is > 0 ? (double)hits!.Value / (hits.Value + misses!.Value) : null;
            var keys = info.Where(kv => kv.Key.StartsWith("db", StringComparison.Ordinal) && kv.Value.StartsWith("keys=", StringComparison.Ordinal))
                .Sum(kv => long.Parse(kv.Value[5..kv.Value.IndexOf(',')], CultureInfo.InvariantCulture));
            return new RedisStats(rate, Num("used_memory"), Num("connected_clients"), keys, null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new RedisStats(null, null, null, null, ExceptionText.OneLine(ex));
        }
    }

    /// <summary>The command sent per collection (rendered in tests): its document count and sizes.</summary>
    public static BsonDocument CollStatsCommand(string collection) => new("collStats", collection);

    private async Task<(IReadOnlyList<CollectionSize>, string?)> MongoSizesAsync(CancellationToken ct)
    {
        if (!mongo.IsConfigured) return ([], "MongoDB not configured (MONGODB_URI empty)");
        try
        {
            var list = new List<CollectionSize>();
            foreach (var name in await (await mongo.Database!.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct))
            {
                var s = await mongo.Database.RunCommandAsync<BsonDocument>(CollStatsCommand(name), cancellationToken: ct);
                list.Add(new CollectionSize(name, s.GetValue("count", 0).ToInt64(), s.GetValue("size", 0).ToInt64(), s.GetValue("storageSize", 0).ToInt64()));
            }
            return (list.OrderByDescending(c => c.Bytes).ToList(), null);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return ([], "MongoDB unreachable: " + ExceptionText.FirstLine(ex.Message));
        }
    }
}
