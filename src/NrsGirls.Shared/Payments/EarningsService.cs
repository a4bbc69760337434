using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Payments;

/// <summary>
/// A creator's money in one currency. pending: completed within the hold period; available: older
/// completed net minus what payouts took (never below 0); debt: what payouts took beyond that (a refund
/// after payout), netted off by the next payout; lifetime figures count completed (not refunded) payments.
/// </summary>
public sealed record CurrencyEarnings(
    string Currency, decimal Pending, decimal Available, decimal InPayouts, decimal Paid, decimal Debt,
    decimal LifetimeGross, decimal LifetimeFees, decimal LifetimeNet, decimal Refunded);

public sealed record EarningsView(Guid CreatorId, string CreatorType, int HoldDays, IReadOnlyList<CurrencyEarnings> Currencies);

public sealed record TransactionPage(IReadOnlyList<TransactionView> Items, string? NextCursor);

/// <summary>GET creators/{id}/earnings (owner or admin) and the payer's history GET me/transactions[/{id}].</summary>
public sealed class EarningsService(NpgsqlDataSource db, CreatorAccess creators, PaymentOptions options, TimeProvider clock)
{

    public async Task<Outcome<EarningsView>> EarningsAsync(Caller caller, Guid creatorId, ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (!creator.Value.IsOwnedBy(caller) && !caller.IsAdmin)
            return new ServiceError(ErrorKind.Forbidden, "forbidden", "Only the creator and admins may see earnings.");

        var holdSince = clock.GetUtcNow() - TimeSpan.FromDays(options.EarningsHoldDays);
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { id = creator.Value.Id, type = creator.Value.Type, holdSince };
        var ledger = (await conn.QueryAsync<LedgerSums>(new CommandDefinition("""
            select currency,
                   coalesce(sum(net_amount) filter (where status = 'completed' and processed_at > @holdSince), 0) as pending,
                   coalesce(sum(net_amount) filter (where status = 'completed' and processed_at <= @holdSince), 0) as matured,
                   coalesce(sum(amount) filter (where status = 'completed'), 0) as gross,
                   coalesce(sum(platform_fee) filter (where status = 'completed'), 0) as fees,
                   coalesce(sum(net_amount) filter (where status = 'completed'), 0) as net,
                   coalesce(sum(net_amount) filter (where status = 'refunded'), 0) as refunded
            from transactions
            where creator_id = @id and creator_type = @type and transaction_type <> 'payout'
            group by currency
            """, args, cancellationToken: ct))).ToDictionary(r => r.Currency);
        var payouts = (await conn.QueryAsync<PayoutSums>(new CommandDefinition("""
            select currency,
                   coalesce(sum(amount) filter (where status in ('pending', 'processing')), 0) as in_payouts,
                   coalesce(sum(amount) filter (where status = 'completed'), 0) as paid
            from payouts where creator_id = @id and creator_type = @type group by currency
            """, args, cancellationToken: ct))).ToDictionary(r => r.Currency);

        var list = ledger.Keys.Union(payouts.Keys).Order(StringComparer.Ordinal).Select(c =>
        {
            var l = ledger.GetValueOrDefault(c) ?? new LedgerSums { Currency = c };
            var p = payouts.GetValueOrDefault(c) ?? new PayoutSums { Currency = c };
            var left = l.Matured - p.InPayouts - p.Paid;
            return new CurrencyEarnings(c, l.Pending, Math.Max(0, left), p.InPayouts, p.Paid, Math.Max(0, -left), l.Gross, l.Fees, l.Net, l.Refunded);
        }).ToList();
        return new EarningsView(creator.Value.Id, creator.Value.Type, options.EarningsHoldDays, list);
    }

    /// <summary>The payer's own payments, newest first, keyset-paginated on (created_at, id).</summary>
    public async Task<Outcome<TransactionPage>> MyTransactionsAsync(Caller caller, string? limit, string? cursor, CancellationToken ct)
    {
        var request = PageRequest.Parse(limit, cursor, 2);
        if (!request.IsOk) return request.Error;
        if (!request.Value.TryAfter(PageRequest.ParseTicks, PageRequest.ParseGuid, out var after)) return PagingErrors.InvalidCursor;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<LedgerRow>(new CommandDefinition($"""
            select {LedgerStore.Columns} from transactions
            where user_id = @userId and transaction_type <> 'payout'
              and (@hasCursor = false or (created_at, id) < (@at, @cursorId))
            order by created_at desc, id desc
            limit @take
            """, new { userId = caller.UserId, hasCursor = after is not null, at = after?.Key ?? DateTime.UnixEpoch, cursorId = after?.Id ?? Guid.Empty, take = request.Value.Limit + 1 },
            cancellationToken: ct))).ToList();
        var page = request.Value.ToPage(rows, TransactionView.From, r => [PageRequest.Ticks(r.CreatedAt), r.Id.ToString("D")]);
        return new TransactionPage(page.Items, page.NextCursor);
    }

    /// <summary>One of the payer's own payments (its fate after 202); 404 for anyone else's.</summary>
    public async Task<Outcome<TransactionView>> MyTransactionAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var row = await LedgerStore.FindAsync(db, id, ct);
        return row is null || (row.UserId != caller.UserId && !caller.IsAdmin) ? PaymentErrors.TransactionNotFound : TransactionView.From(row);
    }

    private sealed class LedgerSums
    {
        public string Currency { get; init; } = "";
        public decimal Pending { get; init; }
        public decimal Matured { get; init; }
        public decimal Gross { get; init; }
        public decimal Fees { get; init; }
        public decimal Net { get; init; }
        public decimal Refunded { get; init; }
    }

    private sealed class PayoutSums
    {
        public string Currency { get; init; } = "";
        public decimal InPayouts { get; init; }
        public decimal Paid { get; init; }
    }
}
