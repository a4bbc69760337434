using System.Security.Cryptography;

namespace NrsGirls.Shared.Idempotency;

/// <summary>Who sends a money-moving request, under which key, and a fingerprint of what they asked for.</summary>
/// <param name="Scope">The kind of request ('tip', 'private_show', 'subscription'): keys are per user and scope.</param>
/// <param name="Fingerprint">Hex SHA-256 of the request (route and normalized body), see <see cref="IdempotentRequests.Fingerprint"/>.</param>
public sealed record IdempotentRequest(Guid UserId, string Scope, string Key, string Fingerprint);

/// <summary>What a first execution answered: the HTTP status, the body (serialized as stored) and the ledger row it created.</summary>
public sealed record IdempotentResult(int StatusCode, object Body, Guid? TransactionId);

/// <summary>The answer to send: the first execution's status and JSON body; <see cref="Replayed"/> when it was stored earlier.</summary>
public sealed record IdempotentResponse(int StatusCode, string BodyJson, bool Replayed);

/// <summary>
/// THE idempotency helper of every money route (tips, private shows, subscriptions), with Stripe's
/// semantics on PostgreSQL's idempotency_keys table:
/// <list type="bullet">
/// <item>the key row is inserted in the SAME transaction as what the request writes, and the answer
/// (status + JSON body) is stored with it before commit, so a key exists exactly when its effect does;</item>
/// <item>same key, same fingerprint: the stored answer is replayed (nothing executes again);</item>
/// <item>same key, other fingerprint: 422 idempotency_key_reused;</item>
/// <item>same key at once: the second insert waits on the first transaction's unique-index entry and then
/// replays its answer; after <see cref="LockWait"/> it gives up with 409 request_in_progress;</item>
/// <item>keys are scoped per user (primary key user_id, scope, key) and kept <see cref="Retention"/>
/// (expires_at; an expired key is taken over by the next request, and a timer deletes them);</item>
/// <item>a refused request (validation, 404, 403) rolls back: no key is kept, so it can be corrected and
/// sent again with the same key.</item>
/// </list>
/// </summary>
public sealed class IdempotentRequests(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    public static readonly ServiceError KeyRequired = new(ErrorKind.BadRequest, "idempotency_key_required",
        $"Send an {HeaderName} header (a unique value, for example a UUID, per intended payment).");
    public static readonly ServiceError KeyInvalid = new(ErrorKind.BadRequest, "idempotency_key_invalid",
        $"{HeaderName} must be sent once, as 1-{MaxKeyLength} printable ASCII characters.");
    public static readonly ServiceError KeyReused = new(ErrorKind.Unprocessable, "idempotency_key_reused",
        $"This {HeaderName} was already used for a different request; use a new key.");
    public static readonly ServiceError InProgress = new(ErrorKind.Conflict, "request_in_progress",
        $"A request with this {HeaderName} is still being processed; retry shortly.");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The header's value if it is a usable key; otherwise 400 idempotency_key_required or idempotency_key_invalid.</summary>
    public static Outcome<string> ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return KeyRequired;
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x20 || c > 0x7e)) return KeyInvalid;
        return key;
    }

    /// <summary>Hex SHA-256 of the parts serialized as one JSON array: equal requests give equal fingerprints.</summary>
    public static string Fingerprint(params object?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts, Json)));

    /// <summary>
    /// Runs <paramref name="execute"/> once per (user, scope, key) inside the transaction that stores the
    /// key and its answer, or replays the stored answer. Work that must follow the commit (enqueueing)
    /// belongs to the caller, when the response is not <see cref="IdempotentResponse.Replayed"/>.
    /// </summary>
    public async Task<Outcome<IdempotentResponse>> RunAsync(IdempotentRequest request,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<Outcome<IdempotentResult>>> execute, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        bool owned;
        try
        {
            // Inserted, or taken over when expired: this request owns the key. Otherwise someone else does
            // (and this statement waited until their transaction ended).
            // One round trip: the lock wait bound (this transaction only) and the insert.
            owned = await conn.ExecuteScalarAsync<bool?>(new CommandDefinition($"""
                set local lock_timeout = '{(int)LockWait.TotalMilliseconds}ms';
                insert into idempotency_keys (user_id, scope, key, request_hash, created_at, expires_at)
                values (@UserId, @Scope, @Key, @Fingerprint, @now, @expires)
                on conflict (user_id, scope, key) do update
                    set request_hash = excluded.request_hash, created_at = excluded.created_at, expires_at = excluded.expires_at,
                        status_code = null, response = null, transaction_id = null
                    where idempotency_keys.expires_at <= @now
                returning true
                """, new { request.UserId, request.Scope, request.Key, request.Fingerprint, now, expires = now + Retention },
                transaction: tx, cancellationToken: ct)) == true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return InProgress;
        }

        if (!owned)
        {
            var stored = await conn.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition("""
                select request_hash as RequestHash, status_code as StatusCode, response::text as Response from idempotency_keys
                where user_id = @UserId and scope = @Scope and key = @Key
                """, request, transaction: tx, cancellationToken: ct));
            await tx.RollbackAsync(ct);
            if (stored is null || stored.StatusCode is null || stored.Response is null) return InProgress;
            if (stored.RequestHash != request.Fingerprint) return KeyReused;
            return new IdempotentResponse(stored.StatusCode.Value, stored.Response, Replayed: true);
        }

        var result = await execute(conn, tx);
        if (!result.IsOk)
        {
            await tx.RollbackAsync(ct);
            return result.Error;
        }
        var body = JsonSerializer.Serialize(result.Value.Body, result.Value.Body.GetType(), Json);
        // The answer is returned as stored (jsonb text), so a replay is byte-for-byte the first answer.
        var storedBody = await conn.ExecuteScalarAsync<string>(new CommandDefinition("""
            update idempotency_keys set status_code = @status, response = @body::jsonb, transaction_id = @transactionId
            where user_id = @UserId and scope = @Scope and key = @Key
            returning response::text
            """, new { request.UserId, request.Scope, request.Key, status = result.Value.StatusCode, body, transactionId = result.Value.TransactionId },
            transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new IdempotentResponse(result.Value.StatusCode, storedBody!, Replayed: false);
    }

    /// <summary>Deletes up to <paramref name="batch"/> expired keys; returns how many (the cleanup timer loops until 0).</summary>
    public async Task<int> PurgeExpiredAsync(int batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            delete from idempotency_keys where ctid in (
                select ctid from idempotency_keys where expires_at <= @now limit @batch for update skip locked)
            """, new { now = clock.GetUtcNow(), batch }, cancellationToken: ct));
    }

    private sealed record StoredRow(string RequestHash, int? StatusCode, string? Response);
}
