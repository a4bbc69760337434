using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>A creator's earnings (owner or admin) and the payer's own transactions.</summary>
public sealed class EarningsApi(EarningsService earnings, RequestAuth auth)
{
    [Function(nameof(GetEarnings))]
    public Task<IResult> GetEarnings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/earnings")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => earnings.EarningsAsync(who, id, client, ct));

    [Function(nameof(ListMyTransactions))]
    public Task<IResult> ListMyTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/transactions")] HttpRequest request, CancellationToken ct) =>
        auth.SignedIn(request, async (who, _) =>
        {
            int? limit = null;
            if (request.Query["limit"].ToString() is { Length: > 0 } raw)
            {
                if (!int.TryParse(raw, out var l) || l < 1) return Problems.Validation("limit", "must be a whole number of at least 1.");
                limit = l;
            }
            var cursor = request.Query["cursor"].ToString();
            return (await earnings.MyTransactionsAsync(who, limit, cursor.Length == 0 ? null : cursor, ct)).ToResult();
        });

    [Function(nameof(GetMyTransaction))]
    public Task<IResult> GetMyTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/transactions/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => earnings.MyTransactionAsync(who, id, ct));
}
