namespace NrsGirls.Shared.Operations;

/// <summary>Keeps the monthly partitions of the <c>transactions</c> ledger ahead of time.</summary>
public sealed class PartitionMaintenance(NpgsqlDataSource postgres)
{
    /// <summary>
    /// Creates the monthly partitions of <c>transactions</c> that are missing for the current month and
    /// the next <paramref name="monthsAhead"/> − 1, so a payment never lands in the default partition.
    /// Runs as the app login: <c>ensure_transaction_partitions</c> is SECURITY DEFINER. Idempotent.
    /// </summary>
    /// <returns>How many partitions were created (0 when all existed).</returns>
    public async Task<int> EnsureTransactionPartitionsAsync(int monthsAhead, CancellationToken ct)
    {
        await using var conn = await postgres.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select ensure_transaction_partitions(@monthsAhead)", new { monthsAhead }, cancellationToken: ct));
    }
}
