using Microsoft.AspNetCore.Http;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using NrsGirls.Functions.Analytics;
using NrsGirls.Functions.Privacy;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Analytics;

namespace NrsGirls.Tests.Analytics;

public class AnalyticsAndActivityApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    private async Task<(TestUser Owner, Guid CreatorId)> Creator()
    {
        var owner = await app.SignUp(Roles.Dj);
        var id = await app.Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@UserId, 'DJ Stats') returning id", owner);
        return (owner, id);
    }

    private Task<Answer> Report(string token, Guid creator, string query) =>
        Http.Call(app.Services, app.Function<AnalyticsApi>().CreatorAnalyticsReport(Http.Request(token: token, query: query), creator, default));

    [Theory]
    [InlineData("?to=2026-02-01", "from")]
    [InlineData("?from=2026-03-01&to=2026-02-01", "from")]
    [InlineData("?from=2025-01-01&to=2026-06-01", "to")]
    [InlineData("?from=2026-01-01&to=2026-02-01&interval=month", "interval")]
    [InlineData("?from=yesterday&to=2026-02-01", "from")]
    public async Task Bad_ranges_and_intervals_are_named(string query, string field)
    {
        var (owner, creator) = await Creator();
        var answer = await Report(owner.Token, creator, query);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
    }

    [Fact]
    public async Task Someone_elses_analytics_are_forbidden_and_an_unknown_creator_is_not_found()
    {
        var (_, creator) = await Creator();
        var stranger = await app.SignUp(Roles.Viewer);
        var answer = await Report(stranger.Token, creator, "?from=2026-01-01&to=2026-02-01");
        Assert.Equal((403, "analytics_forbidden"), (answer.Status, answer.Code));
        Assert.Equal(404, (await Report(stranger.Token, Guid.NewGuid(), "?from=2026-01-01&to=2026-02-01")).Status);
    }

    [Fact]
    public async Task Without_MongoDB_the_owner_gets_503_analytics_unavailable()
    {
        if (MongoFactAttribute.Uri is not null) return; // with a mongod the route answers 200 (see the Mongo test)
        var (owner, creator) = await Creator();
        var answer = await Report(owner.Token, creator, "?from=2026-01-01&to=2026-02-01&interval=week");
        Assert.Equal((503, "analytics_unavailable"), (answer.Status, answer.Code));

        var mine = await Http.Call(app.Services, app.Function<ActivityApi>().MyActivity(Http.Request(token: owner.Token), default));
        Assert.Equal((503, "analytics_unavailable"), (mine.Status, mine.Code));
    }

    [Fact]
    public async Task Only_admins_read_another_users_activity_and_a_bad_cursor_is_named()
    {
        var viewer = await app.SignUp(Roles.Viewer);
        var answer = await Http.Call(app.Services, app.Function<ActivityApi>().UserActivity(Http.Request(token: viewer.Token), viewer.UserId, default));
        Assert.Equal(403, answer.Status);
        var bad = await Http.Call(app.Services, app.Function<ActivityApi>().MyActivity(Http.Request(token: viewer.Token, query: "?cursor=@@"), default));
        Assert.Equal((400, "invalid_cursor"), (bad.Status, bad.Code));
    }

    [Fact]
    public void The_pipeline_matches_on_the_index_first_then_groups_by_truncated_time_and_type()
    {
        var creator = Guid.NewGuid();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var stages = CreatorAnalytics.Pipeline(creator, from, from.AddDays(30), "week").Render(Args).Documents;

        Assert.Equal(["$match", "$group", "$project", "$sort"], stages.Select(s => s.GetElement(0).Name));
        var match = stages[0]["$match"].AsBsonDocument;
        Assert.Equal(["creatorId", "timestamp"], match.Names); // the seed index { creatorId: 1, timestamp: -1 }: equality, then range
        Assert.Equal(BsonBinarySubType.UuidStandard, match["creatorId"].AsBsonBinaryData.SubType);
        Assert.Equal(from.UtcDateTime, match["timestamp"]["$gte"].ToUniversalTime());
        Assert.Equal("week", stages[1]["$group"]["_id"]["bucket"]["$dateTrunc"]["unit"].AsString);
        Assert.Equal("monday", stages[1]["$group"]["_id"]["bucket"]["$dateTrunc"]["startOfWeek"].AsString);
        Assert.Equal("$eventType", stages[1]["$group"]["_id"]["type"].AsString);
        // Distinct viewers are collected for stream views only.
        Assert.Equal("{ \"$addToSet\" : { \"$cond\" : [{ \"$eq\" : [\"$eventType\", \"stream_view\"] }, { \"$ifNull\" : [\"$userId\", \"$sessionId\"] }, \"$$REMOVE\"] } }",
            stages[1]["$group"]["viewers"].ToJson());
    }

    [Fact]
    public void The_activity_query_uses_the_user_index_and_keysets_on_timestamp_then_id()
    {
        var user = Guid.NewGuid();
        var at = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        var id = ObjectId.GenerateNewId();
        var filter = ActivityReader.Filter(user, at.AddDays(-90), (at, id)).Render(Args);
        Assert.Equal(user, filter["userId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        Assert.Equal(at.AddDays(-90), filter["timestamp"]["$gte"].ToUniversalTime());
        var or = filter["$or"].AsBsonArray;
        Assert.Equal(at, or[0]["timestamp"]["$lt"].ToUniversalTime());
        Assert.Equal(id, or[1]["_id"]["$lt"].AsObjectId);
        Assert.Equal("{ \"timestamp\" : -1, \"_id\" : -1 }", ActivityReader.Sort.Render(Args).ToJson());
    }

    [MongoFact]
    public async Task With_a_real_mongod_views_plays_and_tips_come_back_per_day_beside_the_ledger()
    {
        var (owner, creator) = await Creator();
        var mongo = app.Services.GetService(typeof(NrsGirls.Shared.Mongo.MongoStore)) as NrsGirls.Shared.Mongo.MongoStore;
        var day = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var docs = new[]
        {
            new AnalyticsEvent(AnalyticsEventTypes.StreamView, Guid.NewGuid(), creator, null, null, day),
            new AnalyticsEvent(AnalyticsEventTypes.StreamView, null, creator, null, null, day, "anon-1"),
            new AnalyticsEvent(AnalyticsEventTypes.TrackPlay, null, creator, null, null, day.AddDays(1), "anon-2"),
            new AnalyticsEvent(AnalyticsEventTypes.Tip, Guid.NewGuid(), creator, null, 5.50m, day),
        }.Select(AnalyticsWriter.ToDocument);
        await mongo!.Database!.GetCollection<BsonDocument>(NrsGirls.Shared.Mongo.MongoStore.AnalyticsEvents).InsertManyAsync(docs);

        var answer = await Report(owner.Token, creator, "?from=2026-03-01&to=2026-03-10&interval=day");
        Assert.Equal(200, answer.Status);
        var buckets = answer.Body.GetProperty("buckets");
        Assert.Equal(2, buckets[0].GetProperty("views").GetInt64());
        Assert.Equal(2, buckets[0].GetProperty("distinctViewers").GetInt64());
        Assert.Equal(5.50m, buckets[0].GetProperty("events").GetProperty("tipsValue").GetDecimal());
        Assert.Equal(0, buckets[0].GetProperty("tips").GetInt64()); // no completed tip in the ledger: the drift shows
        Assert.Equal(1, buckets[1].GetProperty("plays").GetInt64());
    }
}
