using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Analytics;

namespace NrsGirls.Functions.Analytics;

public sealed class AnalyticsApi(CreatorAnalytics analytics, RequestAuth auth)
{
    /// <summary>Per day or week over at most a year: views, distinct viewers, plays, new followers, money (owner or admin).</summary>
    [Function(nameof(CreatorAnalyticsReport))]
    public async Task<IResult> CreatorAnalyticsReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/analytics")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var q = Query.Of(request);
        var from = q.Time("from");
        var to = q.Time("to");
        var interval = q.String("interval");
        if (q.Problem is { } bad) return bad;
        var outcome = await analytics.ReportAsync(id, who.Caller, auth.Client(request), from, to, interval, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
