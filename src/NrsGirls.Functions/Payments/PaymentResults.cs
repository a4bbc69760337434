using System.Text;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Functions.Payments;

/// <summary>How an idempotent money request answers: the stored status and JSON body, marked when replayed.</summary>
public static class PaymentResults
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The stored answer, as the success mapper of an <see cref="Endpoints"/> function (a failure is problem+json as usual).</summary>
    public static IResult Stored(IdempotentResponse r)
    {
        var result = TypedResults.Text(r.BodyJson, "application/json", Encoding.UTF8, r.StatusCode);
        return r.Replayed ? new ResultHeaders(result, (ReplayedHeader, "true")) : result;
    }

    /// <summary>
    /// The Idempotency-Key header's value, or null when absent. Sent twice, the values are passed on joined
    /// by a line break, a control character <see cref="IdempotentRequests.ValidateKey"/> refuses (400
    /// idempotency_key_invalid): two keys are not one, and a comma could be part of a single key.
    /// </summary>
    public static string? Key(HttpRequest request) =>
        request.Headers.TryGetValue(IdempotentRequests.HeaderName, out var v) ? string.Join('\n', v.ToArray()) : null;
}
