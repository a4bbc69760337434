using System.Text;
using Microsoft.AspNetCore.Http;
using NrsGirls.Functions.Http;
using NrsGirls.Shared;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Functions.Payments;

/// <summary>How an idempotent money request answers: the stored status and JSON body, marked when replayed.</summary>
public static class PaymentResults
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IResult From(Outcome<IdempotentResponse> outcome) => outcome.ToResult(r =>
    {
        var result = TypedResults.Text(r.BodyJson, "application/json", Encoding.UTF8, r.StatusCode);
        return r.Replayed ? new ResultHeaders(result, (ReplayedHeader, "true")) : result;
    });

    /// <summary>The Idempotency-Key header's value, or null when absent.</summary>
    public static string? Key(HttpRequest request) =>
        request.Headers.TryGetValue(IdempotentRequests.HeaderName, out var v) ? v.ToString() : null;
}
