using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>A creator's earnings (owner or admin) and the payer's own transactions.</summary>
public sealed class EarningsApi(EarningsService earnings, RequestAuth auth)
{
    [Function(nameof(GetEarnings))]
    public async Task<IResult> GetEarnings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{id:guid}/earnings")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await earnings.EarningsAsync(who.Caller, id, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(ListMyTransactions))]
    public async Task<IResult> ListMyTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/transactions")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        int? limit = null;
        if (request.Query["limit"].ToString() is { Length: > 0 } raw)
        {
            if (!int.TryParse(raw, out var l) || l < 1) return Problems.Validation("limit", "must be a whole number of at least 1.");
            limit = l;
        }
        var cursor = request.Query["cursor"].ToString();
        var outcome = await earnings.MyTransactionsAsync(who.Caller, limit, cursor.Length == 0 ? null : cursor, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(GetMyTransaction))]
    public async Task<IResult> GetMyTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/transactions/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await earnings.MyTransactionAsync(who.Caller, id, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
