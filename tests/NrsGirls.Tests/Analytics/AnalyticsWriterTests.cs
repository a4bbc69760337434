using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Tests.Analytics;

public class AnalyticsWriterTests
{
    [Fact]
    public void Event_renders_with_standard_uuids_decimal_value_and_utc_time()
    {
        var creator = Guid.NewGuid();
        var user = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var doc = AnalyticsWriter.ToDocument(new AnalyticsEvent(AnalyticsEventTypes.Tip, user, creator, null, 12.34m, at, "s1"));

        Assert.Equal("tip", doc["eventType"].AsString);
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["creatorId"].AsBsonBinaryData.SubType);
        Assert.Equal(creator, doc["creatorId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        Assert.Equal(user, doc["userId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        Assert.Equal(BsonNull.Value, doc["resourceId"]);
        Assert.Equal(12.34m, doc["value"].AsDecimal);
        Assert.Equal(at.UtcDateTime, doc["timestamp"].ToUniversalTime());
        Assert.Equal("s1", doc["sessionId"].AsString);
    }

    [Fact]
    public async Task Without_MongoDB_recording_returns_at_once_and_counts_the_drop()
    {
        await using var writer = new AnalyticsWriter(new MongoStore(new MongoOptions { Uri = "" }), NullLogger<AnalyticsWriter>.Instance);
        var recorded = writer.Record(new AnalyticsEvent(AnalyticsEventTypes.StreamView, null, Guid.NewGuid(), Guid.NewGuid(), null, DateTimeOffset.UtcNow));
        Assert.False(recorded);
        Assert.Equal(1, writer.Dropped);
        Assert.Equal(0, writer.Written);
    }

    [Fact]
    public async Task An_unreachable_MongoDB_never_reaches_the_caller_and_drops_are_counted()
    {
        // A real driver pointed at a port where nothing listens: server selection fails in the background loop.
        await using var writer = new AnalyticsWriter(
            new MongoStore(new MongoOptions { Uri = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200&connectTimeoutMS=200" }),
            NullLogger<AnalyticsWriter>.Instance);
        for (var i = 0; i < 3; i++)
            Assert.True(writer.Record(new AnalyticsEvent(AnalyticsEventTypes.TrackPlay, null, Guid.NewGuid(), null, null, DateTimeOffset.UtcNow)));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (writer.Dropped < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(3, writer.Dropped);
        Assert.Equal(0, writer.Written);
    }
}
