using MongoDB.Bson;
using MongoDB.Driver;
using Moq;
using NrsGirls.Shared.Accounts;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Tests.Accounts;

public class ActivityLogTests
{
    private static ActivityEntry Entry(Guid userId) => new(userId, "login", "user", userId, "10.9.8.7", "tests",
        new Dictionary<string, string> { ["method"] = "password" }, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Without_MongoDB_the_entry_is_skipped_with_a_log_line()
    {
        var logger = new Mock<ILogger<ActivityLog>>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var log = new ActivityLog(new MongoStore(new MongoOptions { Uri = null }), logger.Object);

        await log.RecordAsync(Entry(Guid.NewGuid()), default);

        logger.Verify(l => l.Log(LogLevel.Information, It.IsAny<EventId>(),
            It.Is<It.IsAnyType>((v, _) => v.ToString()!.Contains("MongoDB not configured")),
            null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
    }

    [Fact]
    public void Over_long_user_agents_are_cut_before_they_reach_the_collection()
    {
        var doc = ActivityLog.ToDocument(Entry(Guid.NewGuid()) with { UserAgent = new string('u', 5000), ResourceId = null });
        Assert.Equal(ActivityLog.MaxUserAgentLength, doc["userAgent"].AsString.Length);
        Assert.Equal(BsonNull.Value, doc["resourceId"]);
    }

    /// <summary>Always checks the rendered filter; inserts and reads back for real when NRSGIRLS_TEST_MONGODB_URI is set.</summary>
    [Fact]
    public async Task The_seed_index_filter_finds_a_users_login_entries()
    {
        var userId = Guid.NewGuid();
        var filter = Builders<BsonDocument>.Filter.Eq("userId", new BsonBinaryData(userId, GuidRepresentation.Standard))
                     & Builders<BsonDocument>.Filter.Eq("action", "login");
        var rendered = filter.Render(new RenderArgs<BsonDocument>(
            MongoDB.Bson.Serialization.BsonSerializer.LookupSerializer<BsonDocument>(), MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry));
        Assert.Equal(ActivityLog.ToDocument(Entry(userId))["userId"], rendered["userId"]);
        Assert.Equal("login", rendered["action"].AsString);

        if (MongoFactAttribute.Uri is not { } uri) return;
        var store = new MongoStore(new MongoOptions { Uri = uri });
        await new ActivityLog(store, Mock.Of<ILogger<ActivityLog>>()).RecordAsync(Entry(userId), default);
        var found = await store.Database!.GetCollection<BsonDocument>(MongoStore.ActivityLogs).Find(filter).SingleAsync();
        Assert.Equal("10.9.8.7", found["ipAddress"].AsString);
    }
}
