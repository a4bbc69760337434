using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Shared.Analytics;

/// <summary>One interval of a creator's analytics. Money comes from PostgreSQL (the system of record);
/// the events' own view of the same money is reported beside it, so drift between the two is visible.</summary>
public sealed record AnalyticsBucket(
    DateTimeOffset Start, long Views, long DistinctViewers, long Plays, long NewFollowers,
    long Tips, decimal TipsSum, long Subscriptions, long PrivateShows,
    EventMoney Events);

/// <summary>What analytics_events say about the same money (count and value of tip, subscription and private-show events).</summary>
public sealed record EventMoney(long Tips, decimal TipsValue, long Subscriptions, long PrivateShows);

public sealed record AnalyticsReport(Guid CreatorId, string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AnalyticsBucket> Buckets);

/// <summary>
/// GET creators/{id}/analytics: per day or week, views, distinct viewers, plays and money events from one
/// aggregation pipeline over analytics_events (its $match on creatorId and a timestamp range uses the
/// seed's { creatorId: 1, timestamp: -1 } index), new followers and completed money from PostgreSQL.
/// </summary>
public sealed class CreatorAnalytics(NpgsqlDataSource db, MongoStore mongo, CreatorAccess access)
{
    public static readonly IReadOnlyList<string> Intervals = ["day", "week"];
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public async Task<Outcome<AnalyticsReport>> ReportAsync(Guid creatorId, Caller caller, ClientInfo client,
        DateTimeOffset? from, DateTimeOffset? to, string? interval, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is null) errors["from"] = ["is required (an ISO 8601 date or time)."];
        if (to is null) errors["to"] = ["is required (an ISO 8601 date or time)."];
        if (interval is not null && !Intervals.Contains(interval)) errors["interval"] = ["must be day or week."];
        if (from is { } f && to is { } t)
        {
            if (f >= t) errors["from"] = ["must be before to."];
            else if (t - f > MaxRange) errors["to"] = ["must be at most one year after from."];
        }
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        var creator = await access.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (!creator.Value.IsOwnedBy(caller) && !caller.IsAdmin) return AnalyticsErrors.NotYours;
        if (!mongo.IsConfigured) return AnalyticsErrors.Unavailable;

        var unit = interval ?? "day";
        var events = await mongo.Database!.GetCollection<BsonDocument>(MongoStore.AnalyticsEvents)
            .Aggregate(Pipeline(creatorId, from!.Value, to!.Value, unit), cancellationToken: ct).ToListAsync(ct);
        var money = await MoneyAsync(creator.Value, from.Value, to.Value, unit, ct);
        return new AnalyticsReport(creatorId, unit, from.Value, to.Value, Merge(events, money));
    }

    /// <summary>The pipeline exactly as sent: $match (index: creatorId equality, timestamp range) first.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Pipeline(Guid creatorId, DateTimeOffset from, DateTimeOffset to, string unit)
    {
        var trunc = new BsonDocument("$dateTrunc", new BsonDocument { ["date"] = "$timestamp", ["unit"] = unit, ["startOfWeek"] = "monday" });
        BsonDocument[] stages =
        [
            new("$match", new BsonDocument
            {
                ["creatorId"] = new BsonBinaryData(creatorId, GuidRepresentation.Standard),
                ["timestamp"] = new BsonDocument { ["$gte"] = from.UtcDateTime, ["$lt"] = to.UtcDateTime },
            }),
            new("$group", new BsonDocument
            {
                ["_id"] = new BsonDocument { ["bucket"] = trunc, ["type"] = "$eventType" },
                ["count"] = new BsonDocument("$sum", 1),
                ["value"] = new BsonDocument("$sum", new BsonDocument("$ifNull", new BsonArray { "$value", 0 })),
                // Distinct viewers are read for stream views only: other event types add nothing to the set, which
                // would otherwise hold every user of every play, tip and follow against $group's memory limit.
                ["viewers"] = new BsonDocument("$addToSet", new BsonDocument("$cond", new BsonArray
                {
                    new BsonDocument("$eq", new BsonArray { "$eventType", AnalyticsEventTypes.StreamView }),
                    new BsonDocument("$ifNull", new BsonArray { "$userId", "$sessionId" }),
                    "$$REMOVE",
                })),
            }),
            new("$project", new BsonDocument
            {
                ["count"] = 1, ["value"] = 1, ["viewers"] = new BsonDocument("$size", "$viewers"),
            }),
            new("$sort", new BsonDocument("_id.bucket", 1)),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    private sealed class MoneyRow
    {
        public DateTime Bucket { get; init; }
        public string Kind { get; init; } = "";
        public long Count { get; init; }
        public decimal Sum { get; init; }
    }

    private async Task<List<MoneyRow>> MoneyAsync(CreatorRef creator, DateTimeOffset from, DateTimeOffset to, string unit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // date_trunc('week') starts weeks on Monday, as $dateTrunc with startOfWeek monday does.
        return (await conn.QueryAsync<MoneyRow>(new CommandDefinition("""
            select date_trunc(@unit, t.created_at at time zone 'UTC') as bucket, t.transaction_type as kind, count(*) as count, sum(t.amount) as sum
            from transactions t
            where t.creator_id = @Id and t.creator_type = @Type and t.status = 'completed'
              and t.transaction_type in ('tip', 'subscription', 'private_show')
              and t.created_at >= @from and t.created_at < @to
            group by 1, 2
            union all
            select date_trunc(@unit, f.created_at at time zone 'UTC'), 'follow', count(*), 0
            from follows f
            where f.following_id = @Id and f.following_type = @Type and f.created_at >= @from and f.created_at < @to
            group by 1
            """, new { creator.Id, creator.Type, unit, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct))).AsList();
    }

    private static List<AnalyticsBucket> Merge(IReadOnlyList<BsonDocument> events, IReadOnlyList<MoneyRow> money)
    {
        var starts = events.Select(e => DateTime.SpecifyKind(e["_id"]["bucket"].ToUniversalTime(), DateTimeKind.Utc))
            .Concat(money.Select(m => DateTime.SpecifyKind(m.Bucket, DateTimeKind.Utc))).Distinct().Order();
        var buckets = new List<AnalyticsBucket>();
        foreach (var start in starts)
        {
            BsonDocument? Ev(string type) => events.FirstOrDefault(e => e["_id"]["bucket"].ToUniversalTime() == start && e["_id"]["type"] == type);
            MoneyRow? Pg(string kind) => money.FirstOrDefault(m => DateTime.SpecifyKind(m.Bucket, DateTimeKind.Utc) == start && m.Kind == kind);
            long Count(BsonDocument? d) => d is null ? 0 : d["count"].ToInt64();
            var views = Ev(AnalyticsEventTypes.StreamView);
            var tipEvents = Ev(AnalyticsEventTypes.Tip);
            buckets.Add(new AnalyticsBucket(
                new DateTimeOffset(start, TimeSpan.Zero), Count(views), views is null ? 0 : views["viewers"].ToInt64(),
                Count(Ev(AnalyticsEventTypes.TrackPlay)), Pg("follow")?.Count ?? 0,
                Pg("tip")?.Count ?? 0, Pg("tip")?.Sum ?? 0m, Pg("subscription")?.Count ?? 0, Pg("private_show")?.Count ?? 0,
                new EventMoney(Count(tipEvents), tipEvents is null ? 0m : tipEvents["value"].ToDecimal(),
                    Count(Ev(AnalyticsEventTypes.Subscription)), Count(Ev(AnalyticsEventTypes.PrivateShow)))));
        }
        return buckets;
    }
}
