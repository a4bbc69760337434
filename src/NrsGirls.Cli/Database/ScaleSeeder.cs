using NpgsqlTypes;

namespace NrsGirls.Cli.Database;

public sealed record ScaleSeedReport(int Users, int Profiles, int Streams, int Transactions, TimeSpan UsersTime, TimeSpan StreamsTime, TimeSpan TransactionsTime);

/// <summary>
/// `nrsgirls db seed --scale N`: a large, realistic, deterministic data set for benchmarks and query-plan
/// checks, written with binary COPY: N users (2% DJs, 3% performers), N/10 streams and 10·N
/// transactions spread over the last 24 months. --scale 100000 gives 100k users and 1M transactions.
/// </summary>
public sealed class ScaleSeeder(NpgsqlDataSource db, Func<string, string> hashPassword, decimal platformFeeRate)
{
    public const string EmailPrefix = "scale-";

    public sealed record TransactionRow(Guid Id, Guid UserId, Guid CreatorId, string CreatorType, string Type, decimal Amount,
        decimal PlatformFee, decimal NetAmount, string Status, DateTime CreatedAt);

    public async Task<ScaleSeedReport?> SeedAsync(int scale, CancellationToken ct = default, IProgress<NrsGirls.Shared.Operations.OperationProgress>? progress = null)
    {
        if (scale < 10) throw new ArgumentOutOfRangeException(nameof(scale), "--scale must be at least 10.");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from users where email like 'scale-%')", cancellationToken: ct)))
            return null; // already seeded at scale: a second run adds nothing

        var rng = new Random(42);
        var now = DateTime.UtcNow;
        var hash = hashPassword(Seeder.DevPassword);
        await using var tx = await conn.BeginTransactionAsync(ct);

        var sw = Stopwatch.StartNew();
        var users = Enumerable.Range(0, scale).Select(i => (Id: NextGuid(rng), Email: $"{EmailPrefix}{i}@nrsgirls.test",
            Role: i % 50 == 0 ? "dj" : i % 33 == 1 ? "performer" : "viewer", Created: now.AddMinutes(-rng.Next(0, 60 * 24 * 730)))).ToList();
        await CopyAsync(conn, "copy users (id, email, password_hash, role, verified, created_at) from stdin (format binary)", users, (w, u) =>
        {
            w.Write(u.Id, NpgsqlDbType.Uuid);
            w.Write(u.Email, NpgsqlDbType.Varchar);
            w.Write(hash, NpgsqlDbType.Varchar);
            w.Write(u.Role, NpgsqlDbType.Varchar);
            w.Write(true, NpgsqlDbType.Boolean);
            w.Write(u.Created, NpgsqlDbType.TimestampTz);
        }, ct);
        await CopyAsync(conn, "copy user_settings (user_id) from stdin (format binary)", users, (w, u) => w.Write(u.Id, NpgsqlDbType.Uuid), ct);

        var creators = users.Where(u => u.Role != "viewer").Select(u => (u.Id, ProfileId: NextGuid(rng), u.Role)).ToList();
        await CopyAsync(conn, "copy dj_profiles (id, user_id, stage_name, bio, genres) from stdin (format binary)", creators.Where(c => c.Role == "dj").ToList(), (w, c) =>
        {
            w.Write(c.ProfileId, NpgsqlDbType.Uuid);
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write($"DJ {c.ProfileId.ToString()[..8]}", NpgsqlDbType.Varchar);
            w.Write("House, techno and everything in between.", NpgsqlDbType.Text);
            w.Write(new[] { "house", "techno" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }, ct);
        await CopyAsync(conn, "copy performer_profiles (id, user_id, stage_name, bio) from stdin (format binary)", creators.Where(c => c.Role == "performer").ToList(), (w, c) =>
        {
            w.Write(c.ProfileId, NpgsqlDbType.Uuid);
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write($"Performer {c.ProfileId.ToString()[..8]}", NpgsqlDbType.Varchar);
            w.Write("Live shows and dance.", NpgsqlDbType.Text);
        }, ct);
        var usersTime = sw.Elapsed;
        progress?.Report(new("users and profiles", 0, scale * 10 / 1000, 0, users.Count));

        sw.Restart();
        var liveCreators = new HashSet<Guid>();
        string[] statuses = ["ended", "ended", "ended", "ended", "ended", "ended", "live", "scheduled", "cancelled", "ended"];
        var streams = Enumerable.Range(0, scale / 10).Select(_ =>
        {
            var c = creators[rng.Next(creators.Count)];
            var status = statuses[rng.Next(statuses.Length)];
            // A creator has at most one live stream (unique index in 008): another draw of "live" ends.
            if (status == "live" && !liveCreators.Add(c.ProfileId)) status = "ended";
            var start = status == "scheduled" ? now.AddHours(rng.Next(1, 24 * 14)) : now.AddMinutes(-rng.Next(10, 60 * 24 * 700));
            return (Id: NextGuid(rng), Creator: c.ProfileId, Type: c.Role, Status: status, Start: start,
                End: status == "ended" ? start.AddMinutes(rng.Next(30, 240)) : (DateTime?)null, Peak: status == "ended" ? rng.Next(0, 5000) : 0);
        }).ToList();
        await CopyAsync(conn, "copy streams (id, creator_id, creator_type, title, category, status, start_time, end_time, peak_viewers, total_views) from stdin (format binary)", streams, (w, s) =>
        {
            w.Write(s.Id, NpgsqlDbType.Uuid);
            w.Write(s.Creator, NpgsqlDbType.Uuid);
            w.Write(s.Type, NpgsqlDbType.Varchar);
            w.Write($"Stream {s.Id.ToString()[..8]}", NpgsqlDbType.Varchar);
            w.Write(s.Type == "dj" ? "dj-set" : "live-performance", NpgsqlDbType.Varchar);
            w.Write(s.Status, NpgsqlDbType.Varchar);
            w.Write(s.Start, NpgsqlDbType.TimestampTz);
            if (s.End is { } end) w.Write(end, NpgsqlDbType.TimestampTz); else w.WriteNull();
            w.Write(s.Peak, NpgsqlDbType.Integer);
            w.Write(s.Peak * 3, NpgsqlDbType.Integer);
        }, ct);
        var streamsTime = sw.Elapsed;

        sw.Restart();
        var viewers = users.Where(u => u.Role == "viewer").Select(u => u.Id).ToArray();
        var transactions = Transactions(rng, scale * 10, viewers, creators.Select(c => (c.ProfileId, c.Role)).ToArray(), platformFeeRate, now);
        var count = await CopyTransactionsAsync(conn, transactions, ct, progress is null ? null : n =>
            progress.Report(new("transactions", n / 1000, scale * 10 / 1000, 0, users.Count + streams.Count + n)));
        // The profiles' total_earnings are the net of their completed payments, set-based, so the seeded ledger
        // passes LedgerAudit (`nrsgirls money check`, the restore drill).
        foreach (var table in new[] { ("dj_profiles", "dj"), ("performer_profiles", "performer") })
            await conn.ExecuteAsync(new CommandDefinition($"""
                update {table.Item1} p set total_earnings = s.net
                from (select creator_id, sum(net_amount) as net from transactions
                      where status = 'completed' and creator_type = '{table.Item2}' group by creator_id) s
                where p.id = s.creator_id
                """, transaction: tx, commandTimeout: 600, cancellationToken: ct));
        var transactionsTime = sw.Elapsed;

        await tx.CommitAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("analyze users; analyze streams; analyze transactions; analyze dj_profiles; analyze performer_profiles", commandTimeout: 600, cancellationToken: ct));
        return new ScaleSeedReport(users.Count, creators.Count, streams.Count, count, usersTime, streamsTime, transactionsTime);
    }

    private const int Span = 60 * 60 * 24 * 730; // two years, in seconds

    /// <summary>Realistic payments over the last two years, oldest first: tips, subscriptions and private shows whose parts add up to the cent.</summary>
    public static IEnumerable<TransactionRow> Transactions(Random rng, int count, Guid[] viewers, (Guid Id, string Type)[] creators, decimal feeRate, DateTime now)
    {
        string[] types = ["tip", "tip", "tip", "tip", "tip", "tip", "subscription", "subscription", "subscription", "private_show"];
        for (var i = 0; i < count; i++)
        {
            var type = types[rng.Next(types.Length)];
            var amount = type switch
            {
                "subscription" => new[] { 4.99m, 9.99m, 24.99m }[rng.Next(3)],
                "private_show" => rng.Next(2000, 30001) / 100m,
                _ => rng.Next(100, 20001) / 100m,
            };
            var fee = Math.Round(amount * feeRate, 2, MidpointRounding.AwayFromZero);
            var creator = creators[rng.Next(creators.Length)];
            var status = rng.Next(100) switch { < 94 => "completed", < 97 => "pending", < 99 => "failed", _ => "refunded" };
            // Time order, as a real ledger is appended: each partition and the created_at indexes fill in
            // sequence instead of every row landing in a random month (which costs the COPY a third more).
            var at = now.AddSeconds(-Span + (double)i * Span / count + rng.Next(0, Math.Max(1, Span / count)));
            yield return new TransactionRow(NextGuid(rng), viewers[rng.Next(viewers.Length)], creator.Id, creator.Type, type, amount, fee, amount - fee,
                status, at);
        }
    }

    public const string TransactionColumns =
        "id, user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status, created_at, provider_transaction_id, processed_at";

    /// <summary>
    /// Streams the rows as they are generated into one binary COPY, encoded by <see cref="BinaryCopyWriter"/>
    /// (no per-field driver calls). The ledger's numerics keep their scale; timestamps are UTC.
    /// </summary>
    public static async Task<int> CopyTransactionsAsync(NpgsqlConnection conn, IEnumerable<TransactionRow> rows, CancellationToken ct, Action<int>? rowsDone = null)
    {
        await using var copy = await conn.BeginRawBinaryCopyAsync($"copy transactions ({TransactionColumns}) from stdin (format binary)", ct);
        var w = new BinaryCopyWriter(copy);
        var n = 0;
        try
        {
        foreach (var t in rows)
        {
            await w.StartRowAsync(12, ct);
            w.Uuid(t.Id);
            w.Uuid(t.UserId);
            w.Uuid(t.CreatorId);
            w.Text(t.CreatorType);
            w.Text(t.Type);
            w.Numeric(t.Amount);
            w.Numeric(t.PlatformFee);
            w.Numeric(t.NetAmount);
            w.Text(t.Status);
            w.TimestampTz(t.CreatedAt);
            // A settled payment carries the provider's id and its completion time, as the ledger audit demands.
            if (t.Status is "completed" or "refunded")
            {
                w.Text("pi_seed_" + t.Id.ToString("N"));
                w.TimestampTz(t.CreatedAt.AddSeconds(2));
            }
            else
            {
                w.Null();
                w.Null();
            }
            if (++n % 100_000 == 0) rowsDone?.Invoke(n);
        }
        await w.CompleteAsync(ct);
        }
        catch
        {
            await copy.CancelAsync(); // never let a half-written COPY be taken as complete
            throw;
        }
        return n;
    }

    // Rows are written with the importer's synchronous, typed calls: one await per field (the old way)
    // cost more than the COPY itself; the importer buffers and flushes to the socket when its buffer fills.
    private static async Task CopyAsync<T>(NpgsqlConnection conn, string copy, IReadOnlyList<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            w.StartRow();
            write(w, row);
        }
        await w.CompleteAsync(ct);
    }

    private static Guid NextGuid(Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40); // version 4 layout, deterministic source
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b, bigEndian: true);
    }
}
