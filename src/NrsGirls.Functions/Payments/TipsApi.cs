using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>Tips: accepted as pending (202) and charged by the tips queue's handler; GET me/transactions/{id} shows the outcome.</summary>
public sealed class TipsApi(TipService tips, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Needs an Idempotency-Key header; the same key and body replay the first answer.</summary>
    [Function(nameof(CreateTip))]
    public async Task<IResult> CreateTip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/tips")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<TipRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await tips.TipAsync(who.Caller, id, PaymentResults.Key(request), body.Value, auth.Client(request), ct);
        return PaymentResults.From(outcome);
    }
}
