using NrsGirls.Shared.Analytics;

namespace NrsGirls.Functions.Analytics;

public sealed class AnalyticsApi(CreatorAnalytics analytics, RequestAuth auth)
{
    /// <summary>Per day or week over at most a year: views, distinct viewers, plays, new followers, money (owner or admin).</summary>
    [Function(nameof(CreatorAnalyticsReport))]
    public Task<IResult> CreatorAnalyticsReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/analytics")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.SignedIn(request, Query.Read(q => (From: q.Time("from"), To: q.Time("to"), Interval: q.String("interval"))),
            (who, q, client) => analytics.ReportAsync(id, who, client, q.From, q.To, q.Interval, ct));
}
