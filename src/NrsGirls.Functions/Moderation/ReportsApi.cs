using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Moderation;
using NrsGirls.Shared.Security;

namespace NrsGirls.Functions.Moderation;

/// <summary>Reports: anyone signed in files one; admins list and decide them.</summary>
public sealed class ReportsApi(ReportService reports, RequestAuth auth)
{
    [Function(nameof(FileReport))]
    public async Task<IResult> FileReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<NewReport>(request, ct, ReportRules.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await reports.FileAsync(who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Created($"/api/admin/reports/{v.Id}", v));
    }

    [Function(nameof(ListReports))]
    public async Task<IResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } refused) return refused;
        var q = request.Query;
        var outcome = await reports.ListAsync(q["status"], q["type"], q["limit"], q["cursor"], ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(DecideReport))]
    public async Task<IResult> DecideReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/reports/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<ReportDecision>(request, ct, ReportRules.MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await reports.DecideAsync(id, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
