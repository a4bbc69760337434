namespace NrsGirls.Shared.Payments;

/// <summary>
/// The outbox relay: pending payments older than <see cref="Delay"/> whose message may have been lost
/// (process death between commit and enqueue, or a message that went to tips-poison) are sent again.
/// Rows are claimed with FOR UPDATE SKIP LOCKED, so two timer instances never send the same batch, and
/// each send is counted in metadata (requeues, requeuedAt); after <see cref="MaxRequeues"/> a row is left
/// for an operator and logged as an error.
/// </summary>
public sealed class PaymentRequeue(NpgsqlDataSource db, PaymentQueue queue, TimeProvider clock, ILogger<PaymentRequeue> log)
{
    public static readonly TimeSpan Delay = TimeSpan.FromMinutes(5);
    public const int MaxRequeues = 10;
    public const int Batch = 500;

    /// <summary>Sends the due messages; returns how many.</summary>
    public async Task<int> RequeueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - Delay;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = (await conn.QueryAsync<(Guid Id, DateTime CreatedAt)>(new CommandDefinition("""
            with due as (
                select id, created_at from transactions
                where status = 'pending' and transaction_type in ('tip', 'private_show') and created_at < @cutoff
                  and coalesce((metadata->>'requeuedAt')::timestamptz, '-infinity') < @cutoff
                  and coalesce((metadata->>'requeues')::int, 0) < @MaxRequeues
                order by created_at
                limit @Batch
                for update skip locked)
            update transactions t
            set metadata = coalesce(t.metadata, '{}') || jsonb_build_object('requeuedAt', @now, 'requeues', coalesce((t.metadata->>'requeues')::int, 0) + 1)
            from due where t.id = due.id and t.created_at = due.created_at
            returning t.id, t.created_at
            """, new { cutoff, now, MaxRequeues, Batch }, transaction: tx, cancellationToken: ct))).ToList();
        foreach (var (id, createdAt) in due)
            await queue.SendAsync(new PaymentMessage(id, new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc))), ct);
        await tx.CommitAsync(ct);

        var stuck = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            select count(*) from transactions
            where status = 'pending' and transaction_type in ('tip', 'private_show') and coalesce((metadata->>'requeues')::int, 0) >= @MaxRequeues
            """, new { MaxRequeues }, cancellationToken: ct));
        if (stuck > 0)
            log.LogError("{Stuck} pending payments were re-enqueued {MaxRequeues} times without completing; an operator must look at them", stuck, MaxRequeues);
        return due.Count;
    }
}
