using NrsGirls.Shared.Moderation;

namespace NrsGirls.Functions.Moderation;

/// <summary>Reports: anyone signed in files one; admins list and decide them.</summary>
public sealed class ReportsApi(ReportService reports, RequestAuth auth)
{
    [Function(nameof(FileReport))]
    public Task<IResult> FileReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<NewReport>(ReportRules.MaxBodyBytes, ct), (who, body, client) => reports.FileAsync(who, body, client, ct),
            v => TypedResults.Created($"/api/admin/reports/{v.Id}", v));

    [Function(nameof(ListReports))]
    public Task<IResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports")] HttpRequest request, CancellationToken ct) =>
        auth.Admin(request, Query.Read(q => (Status: q.String("status"), Type: q.String("type"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (_, q, _) => reports.ListAsync(q.Status, q.Type, q.Limit, q.Cursor, ct));

    [Function(nameof(DecideReport))]
    public Task<IResult> DecideReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/reports/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.Admin(request, JsonBody.Of<ReportDecision>(ReportRules.MaxBodyBytes, ct), (who, body, client) => reports.DecideAsync(id, who, body, client, ct));
}
