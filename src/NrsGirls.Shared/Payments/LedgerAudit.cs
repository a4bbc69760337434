namespace NrsGirls.Shared.Payments;

/// <summary>One broken ledger invariant: which rule, about what (a transaction, profile or key), and the figures.</summary>
public sealed record LedgerViolation(string Rule, string Subject, string Detail)
{
    public override string ToString() => $"{Rule} {Subject}: {Detail}";
}

/// <summary>
/// The ledger's invariants, checked in one read-only query (by the `nrsgirls money check` command, a
/// daily timer, the randomized tests and the operations restore drill):
/// <list type="bullet">
/// <item>amounts_add_up: amount = platform_fee + net_amount on every row;</item>
/// <item>earnings_match: every profile's total_earnings = net of its completed (not refunded) payments,
/// and no completed payment names a profile that does not exist;</item>
/// <item>refund_without_charge / completed_without_charge: a refunded or completed row carries the
/// provider's payment id and its completion time;</item>
/// <item>idempotency_one_transaction: an idempotency key maps to one existing transaction and a
/// transaction to one key;</item>
/// <item>credited_twice: no transaction id appears twice (partitions cannot enforce it) and no provider
/// payment is credited by two rows.</item>
/// </list>
/// </summary>
public sealed class LedgerAudit(NpgsqlDataSource db)
{
    public static readonly string Sql = $"""
        select 'amounts_add_up' as rule, 'transaction ' || id as subject,
               format('amount %s <> platform_fee %s + net_amount %s', amount, platform_fee, net_amount) as detail
        from transactions where amount <> platform_fee + net_amount
        union all
        {EarningsMatch("dj")}
        union all
        {EarningsMatch("performer")}
        union all
        select 'earnings_match', 'transaction ' || t.id, format('completed payment to missing %s profile %s', t.creator_type, t.creator_id)
        from transactions t
        where t.status = 'completed' and t.transaction_type <> 'payout'
          and not exists (select from dj_profiles d where t.creator_type = 'dj' and d.id = t.creator_id)
          and not exists (select from performer_profiles p where t.creator_type = 'performer' and p.id = t.creator_id)
        union all
        select case status when 'refunded' then 'refund_without_charge' else 'completed_without_charge' end, 'transaction ' || id,
               format('%s without provider payment id or completion time', status)
        from transactions
        where status in ('completed', 'refunded') and transaction_type <> 'payout'
          and (provider_transaction_id is null or processed_at is null)
        union all
        select 'idempotency_one_transaction', 'transaction ' || transaction_id, format('%s idempotency keys map to it', count(*))
        from idempotency_keys where transaction_id is not null group by transaction_id having count(*) > 1
        union all
        select 'idempotency_one_transaction', format('key %s/%s/%s', k.user_id, k.scope, k.key),
               format('maps to transaction %s, which does not exist', k.transaction_id)
        from idempotency_keys k
        where k.transaction_id is not null and not exists (select from transactions t where t.id = k.transaction_id)
        union all
        select 'credited_twice', 'transaction ' || id, format('%s ledger rows have this id', count(*))
        from transactions group by id having count(*) > 1
        union all
        select 'credited_twice', 'provider payment ' || provider_transaction_id, format('%s ledger rows are credited with it', count(*))
        from transactions
        where provider_transaction_id is not null and transaction_type <> 'payout' and status in ('completed', 'refunded')
        group by provider_transaction_id having count(*) > 1
        order by 1, 2
        """;

    /// <summary>
    /// earnings_match for one kind of creator (dj or performer: its profiles table is &lt;kind&gt;_profiles):
    /// each profile's total_earnings against the net of its completed, non-payout payments.
    /// </summary>
    private static string EarningsMatch(string creatorType) => $"""
        select 'earnings_match', '{creatorType}_profile ' || c.id,
               format('total_earnings %s <> completed net %s', c.total_earnings, coalesce(t.net, 0))
        from {creatorType}_profiles c
        left join (select creator_id, sum(net_amount) as net from transactions
                   where creator_type = '{creatorType}' and status = 'completed' and transaction_type <> 'payout' group by creator_id) t
               on t.creator_id = c.id
        where c.total_earnings <> coalesce(t.net, 0)
        """;

    /// <summary>Checks this app's database.</summary>
    public async Task<IReadOnlyList<LedgerViolation>> CheckAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await CheckAsync(conn, ct);
    }

    /// <summary>Checks the database behind any open connection (for example a restored scratch copy).</summary>
    public static async Task<IReadOnlyList<LedgerViolation>> CheckAsync(NpgsqlConnection conn, CancellationToken ct) =>
        (await conn.QueryAsync<LedgerViolation>(new CommandDefinition(Sql, commandTimeout: 600, cancellationToken: ct))).ToList();
}
