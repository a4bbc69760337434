using MongoDB.Bson;
using MongoDB.Driver;

namespace NrsGirls.Shared.Mongo;

/// <summary>
/// The seed's three collections and their indexes. <see cref="EnsureAsync"/> is idempotent: it creates
/// what is missing and leaves identical indexes alone, so every deployment and `nrsgirls db migrate up`
/// may call it.
/// </summary>
public static class MongoSchema
{
    public sealed record IndexSpec(string Collection, string Name, BsonDocument Keys);

    private static IndexSpec Index(string collection, params (string Field, int Direction)[] keys)
    {
        var doc = new BsonDocument();
        foreach (var (field, dir) in keys) doc.Add(field, dir);
        // Names like the server's defaults (streamId_1_timestamp_-1), so an index made by hand is recognised.
        var name = string.Join("_", keys.Select(k => $"{k.Field}_{k.Direction}"));
        return new IndexSpec(collection, name, doc);
    }

    /// <summary>The indexes the seed lists, collection by collection.</summary>
    public static readonly IReadOnlyList<IndexSpec> Indexes =
    [
        Index(MongoStore.ChatMessages, ("streamId", 1), ("timestamp", -1)),
        Index(MongoStore.ChatMessages, ("userId", 1)),
        Index(MongoStore.ChatMessages, ("timestamp", -1)),
        Index(MongoStore.ActivityLogs, ("userId", 1), ("timestamp", -1)),
        Index(MongoStore.ActivityLogs, ("action", 1)),
        Index(MongoStore.ActivityLogs, ("timestamp", -1)),
        Index(MongoStore.AnalyticsEvents, ("eventType", 1), ("timestamp", -1)),
        Index(MongoStore.AnalyticsEvents, ("creatorId", 1), ("timestamp", -1)),
        Index(MongoStore.AnalyticsEvents, ("timestamp", -1)),
    ];

    public static readonly IReadOnlyList<string> Collections = [MongoStore.ChatMessages, MongoStore.ActivityLogs, MongoStore.AnalyticsEvents];

    /// <summary>The createIndexes models the driver will send, per collection.</summary>
    public static IEnumerable<(string Collection, CreateIndexModel<BsonDocument> Model)> IndexModels() =>
        Indexes.Select(i => (i.Collection, new CreateIndexModel<BsonDocument>(
            new BsonDocumentIndexKeysDefinition<BsonDocument>(i.Keys), new CreateIndexOptions { Name = i.Name })));

    public static async Task<int> EnsureAsync(IMongoDatabase database, CancellationToken ct = default)
    {
        var existing = (await (await database.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var created = 0;
        foreach (var name in Collections.Where(c => !existing.Contains(c)))
        {
            try
            {
                await database.CreateCollectionAsync(name, cancellationToken: ct);
                created++;
            }
            catch (MongoCommandException ex) when (ex.CodeName == "NamespaceExists") { /* another runner made it */ }
        }
        foreach (var group in IndexModels().GroupBy(x => x.Collection))
            await database.GetCollection<BsonDocument>(group.Key).Indexes.CreateManyAsync(group.Select(g => g.Model), ct);
        return created;
    }
}
