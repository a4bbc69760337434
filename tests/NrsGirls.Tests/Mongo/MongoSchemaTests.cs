using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Tests.Mongo;

public class MongoSchemaTests
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    [Fact]
    public void The_driver_sends_the_seeds_indexes_for_each_collection()
    {
        var rendered = MongoSchema.IndexModels()
            .Select(x => $"{x.Collection} {x.Model.Keys.Render(Args).ToJson()} {x.Model.Options.Name}")
            .ToList();

        // db.<collection>.createIndex(...) lines of the seed, as the driver renders them.
        Assert.Equal(
        [
            """chat_messages { "streamId" : 1, "timestamp" : -1 } streamId_1_timestamp_-1""",
            """chat_messages { "userId" : 1 } userId_1""",
            """chat_messages { "timestamp" : -1 } timestamp_-1""",
            """activity_logs { "userId" : 1, "timestamp" : -1 } userId_1_timestamp_-1""",
            """activity_logs { "action" : 1 } action_1""",
            """activity_logs { "timestamp" : -1 } timestamp_-1""",
            """analytics_events { "eventType" : 1, "timestamp" : -1 } eventType_1_timestamp_-1""",
            """analytics_events { "creatorId" : 1, "timestamp" : -1 } creatorId_1_timestamp_-1""",
            """analytics_events { "timestamp" : -1 } timestamp_-1""",
        ], rendered);
    }

    [Fact]
    public void Without_MONGODB_URI_the_store_is_not_configured()
    {
        var store = new MongoStore(new MongoOptions { Uri = "" });
        Assert.False(store.IsConfigured);
        Assert.Null(store.Database);
    }

    [Fact]
    public void The_database_name_comes_from_the_uri()
    {
        var store = new MongoStore(new MongoOptions { Uri = "mongodb://127.0.0.1:27017/nrsgirls_x" });
        Assert.Equal("nrsgirls_x", store.Database!.DatabaseNamespace.DatabaseName);
    }

    [MongoFact]
    public async Task Ensure_creates_collections_and_indexes_and_is_idempotent()
    {
        var store = new MongoStore(new MongoOptions { Uri = MongoFactAttribute.Uri });
        var db = store.Client!.GetDatabase($"nrsgirls_test_{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(3, await MongoSchema.EnsureAsync(db));
            Assert.Equal(0, await MongoSchema.EnsureAsync(db));
            var names = await (await db.GetCollection<BsonDocument>(MongoStore.ChatMessages).Indexes.ListAsync()).ToListAsync();
            Assert.Contains(names, i => i["name"] == "streamId_1_timestamp_-1");
        }
        finally { await store.Client.DropDatabaseAsync(db.DatabaseNamespace.DatabaseName); }
    }
}
