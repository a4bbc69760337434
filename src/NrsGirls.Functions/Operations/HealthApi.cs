using NrsGirls.Shared.Operations;

namespace NrsGirls.Functions.Operations;

public sealed class HealthApi(HealthService health)
{
    /// <summary>Liveness of each store: 200 when all configured stores answer, 503 otherwise.</summary>
    [Function(nameof(Health))]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken ct)
    {
        var report = await health.CheckAsync(ct);
        return TypedResults.Json(report, statusCode: report.Healthy ? 200 : 503);
    }
}
