namespace NrsGirls.Shared.Payments;

/// <summary>Payers barred from moving money after a dispute (payment_restrictions), and the admin's way to lift it.</summary>
public sealed class PaymentRestrictions(NpgsqlDataSource db)
{
    public const string ChargebackReason = "chargeback";

    /// <summary>In the caller's transaction (the payment request's), so a request holds one pooled connection, not two.</summary>
    public static Task<bool> IsRestrictedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select from payment_restrictions where user_id = @userId)", new { userId }, transaction: tx, cancellationToken: ct));

    /// <summary>Restricts the payer, in the caller's transaction (the dispute's).</summary>
    public static Task RestrictAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, string reason, Guid transactionId,
        DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into payment_restrictions (user_id, reason, transaction_id, created_at) values (@userId, @reason, @transactionId, @now)
            on conflict (user_id) do nothing
            """, new { userId, reason, transactionId, now }, transaction: tx, cancellationToken: ct));

    /// <summary>Admin only (the function checks the role): removes the restriction; 404 when there is none.</summary>
    public async Task<Outcome<Done>> LiftAsync(Caller admin, Guid userId, CancellationToken ct)
    {
        if (!admin.IsAdmin) return new ServiceError(ErrorKind.Forbidden, "forbidden", "Only admins may lift payment restrictions.");
        await using var conn = await db.OpenConnectionAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            "delete from payment_restrictions where user_id = @userId", new { userId }, cancellationToken: ct));
        return n == 0 ? PaymentErrors.RestrictionNotFound : Done.Value;
    }
}
