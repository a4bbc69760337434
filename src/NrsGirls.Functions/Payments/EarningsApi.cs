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
        auth.SignedIn(request, Query.Read(q => (Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, _) => earnings.MyTransactionsAsync(who, q.Limit, q.Cursor, ct));

    [Function(nameof(GetMyTransaction))]
    public Task<IResult> GetMyTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/transactions/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => earnings.MyTransactionAsync(who, id, ct));
}
