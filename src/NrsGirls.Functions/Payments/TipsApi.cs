using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>Tips: accepted as pending (202) and charged by the tips queue's handler; GET me/transactions/{id} shows the outcome.</summary>
public sealed class TipsApi(TipService tips, RequestAuth auth)
{
    /// <summary>Needs an Idempotency-Key header; the same key and body replay the first answer.</summary>
    [Function(nameof(CreateTip))]
    public Task<IResult> CreateTip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/tips")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<TipRequest>(JsonBody.SmallMaxBytes, ct),
            (who, body, client) => tips.TipAsync(who, id, PaymentResults.Key(request), body, client, ct), PaymentResults.Stored);
}
