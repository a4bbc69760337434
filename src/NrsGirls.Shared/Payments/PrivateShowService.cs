using NrsGirls.Shared.Creators;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Shared.Payments;

public sealed record PrivateShowSettingsRequest(decimal? PricePerMinute, string? Currency, bool? AcceptsBookings);
public sealed record PrivateShowSettingsView(Guid CreatorId, decimal PricePerMinute, string Currency, bool AcceptsBookings);
public sealed record BookShowRequest(int? Minutes, DateTimeOffset? StartsAt, string? PaymentMethod);
public sealed record ShowBooked(Guid ShowId, Guid TransactionId, string Status, decimal Amount, string Currency);

/// <summary>
/// Private shows, part one: a creator's terms (price per minute, whether they take bookings) and booking,
/// which charges up front through the same ledger path as tips (pending row + queue, idempotent).
/// </summary>
public sealed class PrivateShowService(NpgsqlDataSource db, CreatorAccess creators, PaymentRequests payments, TimeProvider clock)
{
    public const string Scope = "private_show";
    public const int MaxMinutes = 480;
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(90);
    public const decimal MaxPricePerMinute = 1_000.00m;

    /// <summary>PUT creators/{id}/private-show-settings: the owner (or an admin) sets the terms.</summary>
    public async Task<Outcome<PrivateShowSettingsView>> SetSettingsAsync(Caller caller, Guid creatorId, PrivateShowSettingsRequest body,
        ClientInfo client, CancellationToken ct)
    {
        var creator = await creators.FindVisibleAsync(creatorId, caller, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (!creator.Value.IsOwnedBy(caller) && !caller.IsAdmin)
            return new ServiceError(ErrorKind.Forbidden, "forbidden", "Only the creator may set their private-show terms.");
        var errors = new Dictionary<string, string[]>();
        if (body.PricePerMinute is not { } price) errors["pricePerMinute"] = ["is required."];
        else if (!Money.HasCents(price) || price <= 0 || price > MaxPricePerMinute)
            errors["pricePerMinute"] = [$"must be from 0.01 to {MaxPricePerMinute:0.00} with at most 2 decimals."];
        payments.ValidateCurrency(body.Currency, errors);
        if (body.AcceptsBookings is null) errors["acceptsBookings"] = ["is required."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into private_show_settings (creator_id, creator_type, price_per_minute, currency, accepts_bookings)
            values (@id, @type, @price, @currency, @accepts)
            on conflict (creator_id) do update
                set price_per_minute = excluded.price_per_minute, currency = excluded.currency, accepts_bookings = excluded.accepts_bookings
            """, new { id = creator.Value.Id, type = creator.Value.Type, price = body.PricePerMinute, currency = body.Currency, accepts = body.AcceptsBookings },
            cancellationToken: ct));
        return new PrivateShowSettingsView(creator.Value.Id, body.PricePerMinute!.Value, body.Currency!, body.AcceptsBookings!.Value);
    }

    /// <summary>POST creators/{id}/private-shows: books (status requested) and charges minutes × price up front.</summary>
    public async Task<Outcome<IdempotentResponse>> BookAsync(Caller payer, Guid creatorId, string? idempotencyKey, BookShowRequest body,
        ClientInfo client, CancellationToken ct)
    {
        var key = IdempotentRequests.ValidateKey(idempotencyKey);
        if (!key.IsOk) return key.Error;
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (body.Minutes is not { } minutes) errors["minutes"] = ["is required."];
        else if (minutes < 1 || minutes > MaxMinutes) errors["minutes"] = [$"must be from 1 to {MaxMinutes}."];
        if (body.StartsAt is not { } startsAt) errors["startsAt"] = ["is required."];
        else if (startsAt <= now || startsAt > now + MaxAdvance) errors["startsAt"] = ["must be in the future, at most 90 days ahead."];
        PaymentRequests.ValidatePaymentMethod(body.PaymentMethod, errors); // the currency is the creator's terms'
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        var creator = await creators.FindVisibleAsync(creatorId, payer, client, ct);
        if (!creator.IsOk) return creator.Error;
        if (creator.Value.IsOwnedBy(payer)) return PaymentErrors.SelfTip;
        var terms = await FindSettingsAsync(creator.Value.Id, ct);
        if (terms is not { AcceptsBookings: true }) return PaymentErrors.ShowsNotOffered;

        var start = body.StartsAt!.Value.ToUniversalTime();
        start = start.AddTicks(-(start.UtcTicks % 10));
        var amount = terms.PricePerMinute * body.Minutes!.Value;
        var request = new IdempotentRequest(payer.UserId, Scope, key.Value, IdempotentRequests.Fingerprint("private-shows", creatorId,
            body.Minutes, start.ToString("O", CultureInfo.InvariantCulture), body.PaymentMethod));
        var showId = Guid.CreateVersion7();
        var payment = payments.NewPayment(payer, creator.Value, "private_show", amount, terms.Currency, body.PaymentMethod!,
            new Dictionary<string, object?> { ["privateShowId"] = showId, ["minutes"] = body.Minutes, ["idempotencyKey"] = key.Value });
        return await payments.AcceptAsync(request, payment, async (conn, tx) =>
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into private_shows (id, creator_id, creator_type, creator_user_id, payer_id, minutes, starts_at, ends_at, status,
                                           transaction_id, transaction_created_at, created_at)
                values (@showId, @CreatorId, @CreatorType, @owner, @UserId, @minutes, @start, @end, 'requested', @Id, @CreatedAt, @CreatedAt)
                """, new
            {
                showId, payment.CreatorId, payment.CreatorType, owner = creator.Value.OwnerUserId, payment.UserId, minutes = body.Minutes,
                start, end = start.AddMinutes(body.Minutes!.Value), payment.Id, payment.CreatedAt,
            }, transaction: tx, cancellationToken: ct));
            return new IdempotentResult(202, new ShowBooked(showId, payment.Id, "requested", amount, terms.Currency), payment.Id);
        }, ct);
    }

    private async Task<PrivateShowSettingsView?> FindSettingsAsync(Guid creatorId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PrivateShowSettingsView>(new CommandDefinition("""
            select creator_id as CreatorId, price_per_minute as PricePerMinute, currency as Currency, accepts_bookings as AcceptsBookings
            from private_show_settings where creator_id = @creatorId
            """, new { creatorId }, cancellationToken: ct));
    }
}
