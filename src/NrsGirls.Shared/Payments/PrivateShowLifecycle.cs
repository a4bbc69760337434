namespace NrsGirls.Shared.Payments;

public sealed record PrivateShowView(
    Guid Id, Guid CreatorId, Guid PayerId, int Minutes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status,
    Guid TransactionId, string PaymentStatus, bool Refunded);

/// <summary>
/// Private shows, part two: the creator accepts (only once the charge completed; overlapping accepted
/// shows are refused by the database) or declines; either side may cancel before the start; a timer
/// expires unanswered shows at their start and completes accepted ones at their end. Declined, cancelled
/// and expired shows are refunded in full; the refund is settled by <see cref="SettleAsync"/>, which
/// also catches charges that complete after the show was already called off.
/// </summary>
public sealed class PrivateShowLifecycle(NpgsqlDataSource db, RefundService refunds, TimeProvider clock, ILogger<PrivateShowLifecycle> log)
{
    private const string Select = """
        select s.id, s.creator_id, s.payer_id, s.minutes, s.starts_at, s.ends_at, s.status, s.transaction_id, s.transaction_created_at,
               t.status as payment_status, s.refunded_at is not null as refunded, s.creator_user_id
        from private_shows s join transactions t on t.id = s.transaction_id and t.created_at = s.transaction_created_at
        """;

    public Task<Outcome<PrivateShowView>> AcceptAsync(Caller caller, Guid showId, CancellationToken ct) =>
        MoveAsync(caller, showId, "accepted", ["requested"], creatorOnly: true, ct);

    public Task<Outcome<PrivateShowView>> DeclineAsync(Caller caller, Guid showId, CancellationToken ct) =>
        MoveAsync(caller, showId, "declined", ["requested"], creatorOnly: true, ct);

    public Task<Outcome<PrivateShowView>> CancelAsync(Caller caller, Guid showId, CancellationToken ct) =>
        MoveAsync(caller, showId, "cancelled", ["requested", "accepted"], creatorOnly: false, ct);

    public async Task<Outcome<PrivateShowView>> GetAsync(Caller caller, Guid showId, CancellationToken ct)
    {
        var show = await FindAsync(showId, ct);
        return show is null || !(caller.IsAdmin || caller.UserId == show.PayerId || caller.UserId == show.CreatorUserId)
            ? PaymentErrors.ShowNotFound : show.View();
    }

    private async Task<Outcome<PrivateShowView>> MoveAsync(Caller caller, Guid showId, string to, string[] from, bool creatorOnly, CancellationToken ct)
    {
        var show = await FindAsync(showId, ct);
        var isCreator = show is not null && (show.CreatorUserId == caller.UserId || caller.IsAdmin);
        if (show is null || !(isCreator || show.PayerId == caller.UserId)) return PaymentErrors.ShowNotFound;
        if (creatorOnly && !isCreator) return new ServiceError(ErrorKind.Forbidden, "forbidden", "Only the creator may do this.");
        var now = clock.GetUtcNow();
        if (!from.Contains(show.Status) || show.StartsAt <= now) return PaymentErrors.ShowWrongState;
        if (to == "accepted" && show.PaymentStatus != "completed") return PaymentErrors.ShowNotPaid;

        await using var conn = await db.OpenConnectionAsync(ct);
        try
        {
            var moved = await conn.ExecuteAsync(new CommandDefinition(
                """
                update private_shows s set status = @to
                where s.id = @showId and s.status = any(@from) and s.starts_at > @now
                  -- accepting needs a settled payment now, not as read above: a refund may have landed since
                  and (@to <> 'accepted' or exists (select from transactions t
                       where t.id = s.transaction_id and t.created_at = s.transaction_created_at and t.status = 'completed'))
                """,
                new { to, showId, from, now }, cancellationToken: ct));
            if (moved == 0) return PaymentErrors.ShowWrongState;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            return PaymentErrors.ShowOverlaps;
        }
        if (to is "declined" or "cancelled") await SettleOneAsync(showId, ct);
        return (await FindAsync(showId, ct))!.View();
    }

    /// <summary>
    /// The timer's work: unanswered shows expire at their start, accepted ones complete at their end,
    /// and every called-off show is refunded (or marked settled when its charge failed). Returns how many shows changed.
    /// </summary>
    public async Task<int> SettleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int changed;
        List<Guid> open;
        // The connection goes back to the pool before the per-show refunds, which open their own.
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            changed = await conn.ExecuteAsync(new CommandDefinition("""
                update private_shows set status = case status when 'requested' then 'expired' else 'completed' end
                where (status = 'requested' and starts_at <= @now) or (status = 'accepted' and ends_at <= @now)
                """, new { now }, cancellationToken: ct));
            open = (await conn.QueryAsync<Guid>(new CommandDefinition("""
                select s.id from private_shows s join transactions t on t.id = s.transaction_id and t.created_at = s.transaction_created_at
                where s.status in ('declined', 'cancelled', 'expired') and s.refunded_at is null and t.status <> 'pending'
                order by s.starts_at limit 500
                """, cancellationToken: ct))).ToList();
        }
        foreach (var id in open) changed += await SettleOneAsync(id, ct) ? 1 : 0;
        return changed;
    }

    private async Task<bool> SettleOneAsync(Guid showId, CancellationToken ct)
    {
        var show = await FindAsync(showId, ct);
        if (show is null || show.Refunded || show.Status is not ("declined" or "cancelled" or "expired")) return false;
        if (show.PaymentStatus == "pending") return false; // the charge has not run yet: settled once it has
        if (show.PaymentStatus == "completed")
        {
            var row = await LedgerStore.FindAsync(db, show.TransactionId, show.TransactionCreatedAt, ct); // one partition
            var refund = await refunds.RefundPaymentAsync(row!, $"private_show_{show.Status}", $"private_show:{showId:D}", ct);
            if (!refund.IsOk && refund.Error != PaymentErrors.AlreadyRefunded)
            {
                log.LogWarning("Private show {ShowId}: refund not done yet ({Code}); the timer retries", showId, refund.Error.Code);
                return false;
            }
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "update private_shows set refunded_at = @now where id = @showId and refunded_at is null",
            new { showId, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    private async Task<ShowRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ShowRow>(new CommandDefinition($"{Select} where s.id = @id", new { id }, cancellationToken: ct));
    }

    private sealed class ShowRow
    {
        public Guid Id { get; init; }
        public Guid CreatorId { get; init; }
        public Guid CreatorUserId { get; init; }
        public Guid PayerId { get; init; }
        public int Minutes { get; init; }
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string Status { get; init; } = "";
        public Guid TransactionId { get; init; }
        public DateTime TransactionCreatedAt { get; init; }
        public string PaymentStatus { get; init; } = "";
        public bool Refunded { get; init; }
        public PrivateShowView View() => new(Id, CreatorId, PayerId, Minutes, Utc(StartsAt), Utc(EndsAt), Status, TransactionId, PaymentStatus, Refunded);
        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
