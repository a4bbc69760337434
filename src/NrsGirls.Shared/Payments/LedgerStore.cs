namespace NrsGirls.Shared.Payments;

/// <summary>A ledger row as the money code reads it (transactions).</summary>
public sealed class LedgerRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid CreatorId { get; init; }
    public string CreatorType { get; init; } = "";
    public string TransactionType { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public decimal PlatformFee { get; init; }
    public decimal NetAmount { get; init; }
    public string Status { get; init; } = "";
    public string? PaymentMethod { get; init; }
    public string? PaymentProvider { get; init; }
    public string? ProviderTransactionId { get; init; }
    public string? Metadata { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ProcessedAt { get; init; }
}

/// <summary>A new pending ledger row (a tip or a private show's charge).</summary>
public sealed record PendingPayment(
    Guid Id, Guid UserId, Guid CreatorId, string CreatorType, string TransactionType, decimal Amount, string Currency,
    decimal PlatformFee, decimal NetAmount, string PaymentMethod, string PaymentProvider, string MetadataJson, DateTimeOffset CreatedAt);

/// <summary>
/// The ledger's SQL. Every state change is ONE statement that is conditional on the current status (so a
/// duplicate delivery, a second instance or a replayed webhook changes nothing), moves the creator's
/// total_earnings by the row's net in the same statement, and writes the notification_outbox rows.
/// </summary>
public static class LedgerStore
{
    public const string Columns = """
        id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status,
        payment_method, payment_provider, provider_transaction_id, metadata::text as metadata, created_at, processed_at
        """;

    public static Task InsertPendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PendingPayment p, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee,
                                      net_amount, status, payment_method, payment_provider, metadata, created_at)
            values (@Id, @UserId, @CreatorId, @CreatorType, @TransactionType, @Amount, @Currency, @PlatformFee,
                    @NetAmount, 'pending', @PaymentMethod, @PaymentProvider, @MetadataJson::jsonb, @CreatedAt)
            """, p, transaction: tx, cancellationToken: ct));

    /// <summary>The row with this id (one index probe per monthly partition), or null.</summary>
    public static async Task<LedgerRow?> FindAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"select {Columns} from transactions where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The row with this id created at this instant (the queue message carries both: one partition is read).</summary>
    public static async Task<LedgerRow?> FindAsync(NpgsqlDataSource db, Guid id, DateTimeOffset createdAt, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"select {Columns} from transactions where id = @id and created_at = @createdAt", new { id, createdAt }, cancellationToken: ct));
    }

    /// <summary>The payment a provider id (PaymentIntent) belongs to, or null.</summary>
    public static async Task<LedgerRow?> FindByProviderIdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string providerId, CancellationToken ct) =>
        await conn.QueryFirstOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"select {Columns} from transactions where provider_transaction_id = @providerId and transaction_type <> 'payout' order by created_at limit 1",
            new { providerId }, transaction: tx, cancellationToken: ct));

    /// <summary>
    /// Claim + complete + earnings + outbox in one round trip: pending → completed with the provider's
    /// ids, the net added to the profile, a '&lt;type&gt;.completed' event for the creator. Returns false when
    /// the row was not pending any more (another delivery completed or failed it): nothing changed.
    /// </summary>
    public const string CompleteSql = """
        with done as (
            update transactions t
            set status = 'completed', provider_transaction_id = @paymentId, processed_at = @now,
                metadata = coalesce(t.metadata, '{}') || jsonb_build_object('chargeId', @chargeId::text)
            where t.id = @id and t.created_at = @createdAt and t.status = 'pending'
            returning t.id, t.user_id, t.creator_id, t.creator_type, t.transaction_type, t.amount, t.currency, t.net_amount,
                      t.metadata->>'message' as message),
        dj as (
            update dj_profiles d set total_earnings = d.total_earnings + done.net_amount
            from done where done.creator_type = 'dj' and d.id = done.creator_id
            returning d.user_id),
        pf as (
            update performer_profiles p set total_earnings = p.total_earnings + done.net_amount
            from done where done.creator_type = 'performer' and p.id = done.creator_id
            returning p.user_id),
        note as (
            insert into notification_outbox (event_type, dedupe_key, recipient_user_id, creator_id, creator_type, payload, created_at)
            select done.transaction_type || '.completed', done.transaction_type || '.completed:' || done.id, owner.user_id,
                   done.creator_id, done.creator_type,
                   jsonb_build_object('transactionId', done.id, 'payerId', done.user_id, 'amount', done.amount,
                                      'currency', done.currency, 'netAmount', done.net_amount, 'message', done.message),
                   @now
            from done cross join (select user_id from dj union all select user_id from pf) owner
            on conflict (dedupe_key) do nothing)
        select count(*)::int from done
        """;

    public static async Task<bool> CompleteAsync(NpgsqlDataSource db, Guid id, DateTimeOffset createdAt, string paymentId, string? chargeId,
        DateTimeOffset now, CancellationToken ct)
    {
        // The hot statement of every payment: prepared once per physical connection (Npgsql keeps it across
        // pooled opens), so each tip skips the parse; plans stay custom (created_at prunes to one partition).
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(CompleteSql, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("createdAt", createdAt);
        cmd.Parameters.AddWithValue("paymentId", paymentId);
        cmd.Parameters.AddWithValue("chargeId", (object?)chargeId ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        cmd.Parameters.AddWithValue("now", now);
        await cmd.PrepareAsync(ct);
        return (int)(await cmd.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>pending → failed with the provider's reason in metadata, and a '&lt;type&gt;.failed' event for the payer.</summary>
    public static async Task<bool> FailAsync(NpgsqlDataSource db, Guid id, DateTimeOffset createdAt, string code, string message,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with failed as (
                update transactions t
                set status = 'failed', processed_at = @now,
                    metadata = coalesce(t.metadata, '{}') || jsonb_build_object('failureCode', @code::text, 'failureMessage', @message::text)
                where t.id = @id and t.created_at = @createdAt and t.status = 'pending'
                returning t.id, t.user_id, t.creator_id, t.creator_type, t.transaction_type, t.amount, t.currency),
            note as (
                insert into notification_outbox (event_type, dedupe_key, recipient_user_id, creator_id, creator_type, payload, created_at)
                select f.transaction_type || '.failed', f.transaction_type || '.failed:' || f.id, f.user_id, f.creator_id, f.creator_type,
                       jsonb_build_object('transactionId', f.id, 'amount', f.amount, 'currency', f.currency, 'reason', @code::text), @now
                from failed f
                on conflict (dedupe_key) do nothing)
            select count(*)::int from failed
            """, new { id, createdAt, code, message, now }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// completed → refunded with the refund's id and reason, the net taken back from the profile, and
    /// '&lt;type&gt;.refunded' events for payer and creator. False when the row was not completed (nothing changed).
    /// </summary>
    public static async Task<bool> RefundAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, DateTime createdAt,
        string? refundId, string reason, string by, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with r as (
                update transactions t
                set status = 'refunded',
                    metadata = coalesce(t.metadata, '{}') || jsonb_build_object('refundId', @refundId::text, 'reason', @reason::text,
                                                                                'refundedAt', @now, 'refundedBy', @by::text)
                where t.id = @id and t.created_at = @createdAt and t.status = 'completed'
                returning t.id, t.user_id, t.creator_id, t.creator_type, t.transaction_type, t.amount, t.currency, t.net_amount),
            dj as (
                update dj_profiles d set total_earnings = d.total_earnings - r.net_amount
                from r where r.creator_type = 'dj' and d.id = r.creator_id
                returning d.user_id),
            pf as (
                update performer_profiles p set total_earnings = p.total_earnings - r.net_amount
                from r where r.creator_type = 'performer' and p.id = r.creator_id
                returning p.user_id),
            note as (
                insert into notification_outbox (event_type, dedupe_key, recipient_user_id, creator_id, creator_type, payload, created_at)
                select r.transaction_type || '.refunded', r.transaction_type || '.refunded:' || who.role || ':' || r.id, who.user_id,
                       r.creator_id, r.creator_type,
                       jsonb_build_object('transactionId', r.id, 'amount', r.amount, 'currency', r.currency, 'reason', @reason::text), @now
                from r cross join lateral (
                    select 'payer' as role, r.user_id
                    union all select 'creator', user_id from dj union all select 'creator', user_id from pf) who
                on conflict (dedupe_key) do nothing)
            select count(*)::int from r
            """, new { id, createdAt, refundId, reason, by, now }, transaction: tx, cancellationToken: ct)) == 1;
}
