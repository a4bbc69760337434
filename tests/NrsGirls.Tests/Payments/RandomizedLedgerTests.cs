using System.Diagnostics;
using NrsGirls.Shared.Payments;
using Xunit.Abstractions;

namespace NrsGirls.Tests.Payments;

/// <summary>
/// Issue 11's randomized test: seeds × operations (tips with fresh and reused keys, concurrent duplicates,
/// declines, transient failures with redelivery, duplicate deliveries, refunds, webhook replays, disputes,
/// private shows booked, declined and expired) across 20 creators and 100 payers, through the real
/// services and the real handler logic in-process, with LedgerAudit clean after every batch and the
/// provider's charge count equal to the ledger's charged rows. A failing seed is shrunk (operations
/// deleted while it still fails, each attempt on a fresh database) and the shortest sequence printed.
/// </summary>
[Collection(NrsGirls.Tests.Infrastructure.HeavyTests.Name)]
public class RandomizedLedgerTests(PaymentsFixture app, ITestOutputHelper output) : IClassFixture<PaymentsFixture>
{
    private static readonly int Seeds = int.TryParse(Environment.GetEnvironmentVariable("NRSGIRLS_MONEY_SEEDS"), out var s) ? s : 10;
    private const int Operations = 2_000, BatchSize = 100, Creators = 20, Payers = 100;

    [Fact]
    public async Task Ten_seeds_of_two_thousand_random_money_operations_keep_the_ledger_audit_clean_after_every_batch()
    {
        var totals = new ConcurrentDictionary<string, int>();
        var sw = Stopwatch.StartNew();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var ops = Generate(seed, Operations);
            var failure = await new Run(app, seed, totals).ExecuteAsync(ops, BatchSize);
            if (failure is null) continue;
            output.WriteLine($"Seed {seed} failed: {failure}. Shrinking…");
            var shortest = await Shrinker.ShrinkAsync(ops, async candidate =>
            {
                var fresh = new PaymentsFixture();
                await fresh.InitializeAsync();
                try { return await new Run(fresh, seed, new()).ExecuteAsync(candidate, candidate.Count) is not null; }
                finally { await fresh.DisposeAsync(); }
            }, maxAttempts: 150);
            Assert.Fail($"Seed {seed} breaks the ledger ({failure}). Shortest failing sequence ({shortest.Count} operations):\n  "
                        + string.Join("\n  ", shortest));
        }
        output.WriteLine($"{Seeds} seeds × {Operations} operations in {sw.Elapsed.TotalSeconds:0.0} s: "
                         + string.Join(", ", totals.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
        Console.WriteLine($"[randomized ledger] {Seeds}×{Operations} ops, {sw.Elapsed.TotalSeconds:0.0} s: "
                          + string.Join(", ", totals.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
        Assert.True(totals.GetValueOrDefault("completed") > 0 && totals.GetValueOrDefault("refunded") > 0 && totals.GetValueOrDefault("declined") > 0);
    }

    [Fact]
    public async Task The_shrinker_finds_the_shortest_failing_subsequence()
    {
        var ops = Enumerable.Range(0, 200).ToList();
        var shortest = await Shrinker.ShrinkAsync(ops, c => Task.FromResult(c.Contains(17) && c.Contains(150) && c.IndexOf(17) < c.IndexOf(150)), 500);
        Assert.Equal([17, 150], shortest);
    }

    public enum Kind { Tip, Replay, ReuseOtherBody, ConcurrentKey, Decline, Transient, DuplicateDelivery, Refund, WebhookRefund, Dispute, ShowBook, ShowDecline, ShowExpire }

    /// <param name="Target">An earlier operation this one acts on (replays, refunds, webhooks), or -1.</param>
    public sealed record Op(int Id, Kind Kind, int Payer, int Creator, decimal Amount, string Currency, int Target, bool Lift)
    {
        public override string ToString() => $"#{Id} {Kind} payer={Payer} creator={Creator} amount={Amount} {Currency}" + (Target >= 0 ? $" target=#{Target}" : "");
    }

    private static List<Op> Generate(int seed, int count)
    {
        var rng = new Random(seed);
        var kinds = new (Kind Kind, int Weight)[]
        {
            (Kind.Tip, 26), (Kind.Replay, 7), (Kind.ReuseOtherBody, 4), (Kind.ConcurrentKey, 5), (Kind.Decline, 8), (Kind.Transient, 7),
            (Kind.DuplicateDelivery, 8), (Kind.Refund, 8), (Kind.WebhookRefund, 6), (Kind.Dispute, 2), (Kind.ShowBook, 7),
            (Kind.ShowDecline, 6), (Kind.ShowExpire, 6),
        };
        var total = kinds.Sum(k => k.Weight);
        string[] currencies = ["USD", "USD", "EUR", "GBP"];
        var ops = new List<Op>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = rng.Next(total);
            var kind = kinds.First(k => (roll -= k.Weight) < 0).Kind;
            var batchStart = i / BatchSize * BatchSize;
            ops.Add(new Op(i, kind, rng.Next(Payers), rng.Next(Creators), rng.Next(100, 100_000) / 100m, currencies[rng.Next(currencies.Length)],
                batchStart > 0 ? rng.Next(batchStart) : -1, rng.Next(2) == 0));
        }
        return ops;
    }

    /// <summary>One execution of a sequence against one database: fresh creators and payers, then the operations batch by batch.</summary>
    private sealed class Run(PaymentsFixture app, int seed, ConcurrentDictionary<string, int> totals)
    {
        private readonly Guid[] _payers = new Guid[Payers];
        private readonly (Guid Id, string Type, Guid Owner)[] _creators = new (Guid, string, Guid)[Creators];
        private readonly Guid _admin = Guid.NewGuid();
        private readonly ConcurrentDictionary<int, (Guid TxId, string Key, TipRequest Body, int Payer, int Creator)> _tips = new();
        private readonly ConcurrentDictionary<int, Guid> _shows = new();
        private readonly ClientInfo _client = new("10.9.9.9", "randomized");

        public async Task<string?> ExecuteAsync(IReadOnlyList<Op> ops, int batchSize)
        {
            await SeedPeopleAsync();
            for (var start = 0; start < ops.Count; start += batchSize)
            {
                var batch = ops.Skip(start).Take(batchSize).ToList();
                var errors = new ConcurrentQueue<string>();
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = batchSize == ops.Count ? 1 : 8 }, async (op, _) =>
                {
                    try { await ApplyAsync(op); }
                    catch (Exception e) { errors.Enqueue($"{op}: {e.GetType().Name}: {e.Message}"); }
                });
                if (!errors.IsEmpty) return string.Join("; ", errors.Take(3));
                var violations = await app.Audit();
                if (violations.Count > 0) return $"audit after op #{batch[^1].Id}: " + string.Join("; ", violations.Take(5));
                var charged = await app.Scalar<long>("select count(*) from transactions where status in ('completed', 'refunded')");
                if (charged != app.Gateway.SuccessfulCharges)
                    return $"provider took {app.Gateway.SuccessfulCharges} charges but the ledger has {charged} charged rows";
            }
            return null;
        }

        private async Task SeedPeopleAsync()
        {
            await using var conn = new NpgsqlConnection(app.OwnerConnectionString);
            for (var i = 0; i < Payers; i++) _payers[i] = Guid.NewGuid();
            for (var i = 0; i < Creators; i++) _creators[i] = (Guid.NewGuid(), i % 2 == 0 ? "dj" : "performer", Guid.NewGuid());
            var users = _payers.Select(id => (id, "viewer")).Concat(_creators.Select(c => (c.Owner, c.Type))).Append((_admin, "admin")).ToList();
            await conn.ExecuteAsync("insert into users (id, email, password_hash, role) select u, u::text || '@seed.test', 'x', r from unnest(@ids, @roles) as t(u, r)",
                new { ids = users.Select(u => u.Item1).ToArray(), roles = users.Select(u => u.Item2).ToArray() });
            foreach (var (id, type, owner) in _creators)
            {
                await conn.ExecuteAsync($"insert into {type}_profiles (id, user_id, stage_name) values (@id, @owner, 'Seed')", new { id, owner });
                await conn.ExecuteAsync("insert into private_show_settings (creator_id, creator_type, price_per_minute, currency, accepts_bookings) values (@id, @type, 0.50, 'USD', true)",
                    new { id, type });
            }
        }

        private Caller Payer(int i) => new(_payers[i], Roles.Viewer, "s");
        private Caller Owner(int i) => new(_creators[i].Owner, _creators[i].Type, "s");
        private Caller Admin => new(_admin, Roles.Admin, "s");
        private void Count(string what) => totals.AddOrUpdate(what, 1, (_, n) => n + 1);
        private static void Expect(bool ok, string what) { if (!ok) throw new InvalidOperationException(what); }

        private async Task ApplyAsync(Op op)
        {
            var key = $"s{seed}-o{op.Id}";
            switch (op.Kind)
            {
                case Kind.Tip or Kind.Decline or Kind.Transient or Kind.DuplicateDelivery:
                {
                    var pm = op.Kind switch
                    {
                        Kind.Decline => op.Lift ? SimulatedPaymentGateway.Declined : SimulatedPaymentGateway.InsufficientFunds,
                        Kind.Transient => SimulatedPaymentGateway.TransientOnce,
                        _ => SimulatedPaymentGateway.Visa,
                    };
                    var body = new TipRequest(op.Amount, op.Currency, pm, op.Id % 3 == 0 ? $"op {op.Id}" : null);
                    var id = await TipAsync(op, key, body);
                    if (id is null) return;
                    var message = await MessageAsync(id.Value);
                    if (op.Kind == Kind.Transient)
                    {
                        await Assert.ThrowsAsync<PaymentGatewayTransientException>(() => Processor.ProcessAsync(message, default));
                        Expect(await app.Status(id.Value) == "pending", "a transient failure must leave the row pending");
                    }
                    var deliveries = op.Kind == Kind.DuplicateDelivery ? 3 : 1;
                    var results = await Task.WhenAll(Enumerable.Range(0, deliveries).Select(_ => Task.Run(() => Processor.ProcessAsync(message, default))));
                    var expected = op.Kind == Kind.Decline ? ProcessResult.Failed : ProcessResult.Completed;
                    Expect(results.Count(r => r == expected) == 1 && results.Count(r => r == ProcessResult.AlreadyProcessed) == deliveries - 1,
                        $"deliveries gave {string.Join(",", results)}");
                    Count(op.Kind == Kind.Decline ? "declined" : "completed");
                    if (deliveries > 1) Count("duplicate_deliveries");
                    _tips[op.Id] = (id.Value, key, body, op.Payer, op.Creator);
                    return;
                }
                case Kind.Replay or Kind.ReuseOtherBody when _tips.TryGetValue(op.Target, out var t):
                {
                    var body = op.Kind == Kind.Replay ? t.Body : t.Body with { Amount = t.Body.Amount + 1 };
                    var r = await Tips.TipAsync(Payer(t.Payer), _creators[t.Creator].Id, t.Key, body, _client, default);
                    if (!r.IsOk && r.Error.Code == "payments_restricted") return;
                    if (op.Kind == Kind.Replay)
                        Expect(r.IsOk && r.Value.Replayed && r.Value.BodyJson.Contains(t.TxId.ToString()), "a replay must return the first answer");
                    else
                        Expect(!r.IsOk && r.Error.Code == "idempotency_key_reused", "another body under a used key must be 422");
                    Count(op.Kind == Kind.Replay ? "replays" : "reused_key_422");
                    return;
                }
                case Kind.ConcurrentKey:
                {
                    var body = new TipRequest(op.Amount, op.Currency, SimulatedPaymentGateway.Visa, null);
                    var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
                        Tips.TipAsync(Payer(op.Payer), _creators[op.Creator].Id, key, body, _client, default))));
                    if (answers.Any(a => !a.IsOk && a.Error.Code == "payments_restricted")) return;
                    Expect(answers.All(a => a.IsOk || a.Error.Code == "request_in_progress"), "concurrent same-key requests: 202 or 409 only");
                    var ids = await app.Scalar<long>("select count(*) from idempotency_keys where key = @key", new { key });
                    Expect(ids == 1, $"one key row expected, found {ids}");
                    var txId = await app.Scalar<Guid>("select transaction_id from idempotency_keys where key = @key", new { key });
                    Expect(await Processor.ProcessAsync(await MessageAsync(txId), default) == ProcessResult.Completed, "the one tip completes");
                    Count("concurrent_same_key");
                    Count("completed");
                    return;
                }
                case Kind.Refund when _tips.TryGetValue(op.Target, out var t):
                {
                    var results = await Task.WhenAll(Task.Run(() => Refunds.RefundAsync(Admin, t.TxId, "randomized", default)),
                        Task.Run(() => Refunds.RefundAsync(Admin, t.TxId, "randomized", default)));
                    Expect(results.Count(r => r.IsOk) <= 1, "two refunds of one payment");
                    Expect(results.All(r => r.IsOk || r.Error.Code is "transaction_already_refunded" or "transaction_not_refundable"), "refund errors are 409s");
                    if (results.Any(r => r.IsOk)) Count("refunded");
                    return;
                }
                case Kind.WebhookRefund or Kind.Dispute when _tips.TryGetValue(op.Target, out var t):
                {
                    var pi = await app.Scalar<string?>("select provider_transaction_id from transactions where id = @TxId", new { t.TxId });
                    if (pi is null) return;
                    var type = op.Kind == Kind.Dispute ? PaymentWebhookTypes.DisputeCreated : PaymentWebhookTypes.ChargeRefunded;
                    var payload = WebhookSignature.EventJson($"evt_{seed}_{op.Id}", type, pi, SimulatedPaymentGateway.ChargeIdOf(pi));
                    var signature = app.Gateway.SignWebhook(payload);
                    var acks = await Task.WhenAll(Task.Run(() => Webhooks.HandleAsync("simulated", payload, signature, default)),
                        Task.Run(() => Webhooks.HandleAsync("simulated", payload, signature, default)));
                    Expect(acks.All(a => a.IsOk) && acks.Count(a => !a.Value!.Duplicate) == 1, "a webhook delivered twice is applied once");
                    Count(op.Kind == Kind.Dispute ? "disputes" : "webhook_refunds");
                    if (op.Kind == Kind.Dispute && op.Lift) await app.Get<PaymentRestrictions>().LiftAsync(Admin, _payers[t.Payer], default);
                    return;
                }
                case Kind.ShowExpire:
                {
                    // Serialized: these move the shared manual clock to reach the show's start.
                    await _clockGate.WaitAsync();
                    try { await ShowAsync(op, key); }
                    finally { _clockGate.Release(); }
                    return;
                }
                case Kind.ShowBook or Kind.ShowDecline:
                    await ShowAsync(op, key);
                    return;
                default:
                    return; // a target that did not produce a tip (refused, or deleted while shrinking)
            }
        }

        private readonly SemaphoreSlim _clockGate = new(1, 1);

        private async Task ShowAsync(Op op, string key)
        {
                {
                    var now = app.Clock.GetUtcNow();
                    var starts = op.Kind == Kind.ShowExpire ? now.AddMinutes(1) : now.AddDays(1 + op.Id % 60).AddMinutes(op.Id % 1440);
                    var minutes = 1 + op.Id % 90;
                    var booked = await Shows.BookAsync(Payer(op.Payer), _creators[op.Creator].Id, key,
                        new BookShowRequest(minutes, starts, op.Lift ? SimulatedPaymentGateway.Visa : SimulatedPaymentGateway.TransientOnce), _client, default);
                    if (!booked.IsOk && booked.Error.Code == "payments_restricted") return;
                    Expect(booked.IsOk, $"booking failed: {(booked.IsOk ? "" : booked.Error.Code)}");
                    var txId = await app.Scalar<Guid>("select transaction_id from idempotency_keys where key = @key", new { key });
                    var showId = await app.Scalar<Guid>("select id from private_shows where transaction_id = @txId", new { txId });
                    var message = await MessageAsync(txId);
                    if (!op.Lift) await Assert.ThrowsAsync<PaymentGatewayTransientException>(() => Processor.ProcessAsync(message, default));
                    Expect(await Processor.ProcessAsync(message, default) == ProcessResult.Completed, "show charge completes");
                    Count("shows_booked");
                    var owner = Owner(op.Creator);
                    if (op.Kind == Kind.ShowDecline)
                    {
                        var d = await Lifecycle.DeclineAsync(owner, showId, default);
                        Expect(d.IsOk && d.Value.Refunded && d.Value.PaymentStatus == "refunded", "a declined show is refunded");
                        Count("shows_declined");
                    }
                    else if (op.Kind == Kind.ShowExpire)
                    {
                        app.Clock.Advance(TimeSpan.FromSeconds(61));
                        await Lifecycle.SettleAsync(default);
                        var g = await Lifecycle.GetAsync(Admin, showId, default);
                        Expect(g.IsOk && g.Value.Status == "expired" && g.Value.Refunded, $"an unanswered show expires refunded (got {g.Value?.Status})");
                        Count("shows_expired");
                    }
                    else
                    {
                        var a = await Lifecycle.AcceptAsync(owner, showId, default);
                        Expect(a.IsOk || a.Error.Code == "private_show_overlaps", $"accept: {(a.IsOk ? "" : a.Error.Code)}");
                        Count(a.IsOk ? "shows_accepted" : "shows_overlap_refused");
                    }
                    _shows[op.Id] = showId;
                }
        }

        private async Task<Guid?> TipAsync(Op op, string key, TipRequest body)
        {
            var r = await Tips.TipAsync(Payer(op.Payer), _creators[op.Creator].Id, key, body, _client, default);
            if (!r.IsOk && r.Error.Code == "payments_restricted") { Count("restricted_403"); return null; }
            Expect(r.IsOk && r.Value.StatusCode == 202, $"tip refused: {(r.IsOk ? r.Value.StatusCode.ToString() : r.Error.Code)}");
            return await app.Scalar<Guid>("select transaction_id from idempotency_keys where key = @key", new { key });
        }

        private async Task<PaymentMessage> MessageAsync(Guid id) =>
            new(id, DateTime.SpecifyKind(await app.Scalar<DateTime>("select created_at from transactions where id = @id", new { id }), DateTimeKind.Utc));

        private PaymentProcessor Processor => app.Get<PaymentProcessor>();
        private TipService Tips => app.Get<TipService>();
        private RefundService Refunds => app.Get<RefundService>();
        private PaymentWebhooks Webhooks => app.Get<PaymentWebhooks>();
        private PrivateShowService Shows => app.Get<PrivateShowService>();
        private PrivateShowLifecycle Lifecycle => app.Get<PrivateShowLifecycle>();
    }
}

/// <summary>Deletes operations (halves, quarters, … single ones) while the sequence still fails: what is left is a shortest failing one.</summary>
public static class Shrinker
{
    public static async Task<List<T>> ShrinkAsync<T>(List<T> failing, Func<List<T>, Task<bool>> fails, int maxAttempts)
    {
        var current = failing;
        var attempts = 0;
        for (var chunk = current.Count / 2; chunk >= 1 && attempts < maxAttempts; chunk = chunk == 1 ? 0 : Math.Max(1, chunk / 2))
        {
            var removedAny = true;
            while (removedAny && attempts < maxAttempts)
            {
                removedAny = false;
                for (var start = 0; start < current.Count && attempts < maxAttempts; start += chunk)
                {
                    var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                    if (candidate.Count == 0) continue;
                    attempts++;
                    if (await fails(candidate))
                    {
                        current = candidate;
                        removedAny = true;
                        start -= chunk;
                    }
                }
            }
        }
        return current;
    }
}
