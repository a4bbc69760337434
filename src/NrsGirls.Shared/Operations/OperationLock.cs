namespace NrsGirls.Shared.Operations;

/// <summary>
/// One run of an operation (backup, archive, restore drill) at a time per database, whichever process
/// starts it: the timer on any host or the CLI. A session-level advisory lock on its own unpooled
/// connection, held for the whole run: if the process dies the session ends and the lock with it, so
/// there is no stale holder to guess about. Runs that find it taken are skipped, not queued.
/// </summary>
public sealed class OperationLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;

    private OperationLock(NpgsqlConnection conn) => _conn = conn;

    /// <summary>The lock for <paramref name="kind"/>, or null when another run holds it.</summary>
    public static async Task<OperationLock?> TryTakeAsync(PostgresOptions postgres, string kind, CancellationToken ct)
    {
        // Pooling off: a pooled connection keeps its session (NoResetOnClose), and with it the lock.
        var conn = new NpgsqlConnection(PostgresConnections.Unpooled(postgres));
        try
        {
            await conn.OpenAsync(ct);
            if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select pg_try_advisory_lock(hashtextextended('nrsgirls.operation.' || @kind, 0))", new { kind }, cancellationToken: ct)))
                return new OperationLock(conn);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
        await conn.DisposeAsync();
        return null;
    }

    /// <summary>Closing the session releases the lock.</summary>
    public ValueTask DisposeAsync() => _conn.DisposeAsync();
}
