using NrsGirls.Shared.Operations;

namespace NrsGirls.Functions.Operations;

public sealed class OperationsApi(RequestAuth auth, StatsService stats, DeepHealthService deepHealth)
{
    /// <summary>Pool, slow statements, sizes and growth, index use, cache hit rates, Redis, MongoDB, queue lengths. Admins only.</summary>
    [Function(nameof(DatabaseStats))]
    public Task<IResult> DatabaseStats(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/db/stats")] HttpRequest request, CancellationToken ct) =>
        auth.Admin(request, async (_, _) => TypedResults.Ok(await stats.ReadAsync(ct)));

    /// <summary>Green, or red (503) naming each reason: a store down, a poison message, a failed backup or drill, a ledger violation. Admins only.</summary>
    [Function(nameof(DeepHealth))]
    public Task<IResult> DeepHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/health/deep")] HttpRequest request, CancellationToken ct) =>
        auth.Admin(request, async (_, _) =>
        {
            var report = await deepHealth.CheckAsync(ct);
            return TypedResults.Json(report, statusCode: report.Green ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
}
