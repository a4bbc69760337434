using System.Diagnostics;
using NrsGirls.Functions.Payments;
using NrsGirls.Shared.Payments;
using Xunit.Abstractions;

namespace NrsGirls.Tests.Payments;

/// <summary>At-least-once delivery on Azurite: every message five times, two consumers at once, one charge and one completion each.</summary>
[Collection(HeavyTests.Name)]
public class QueueDeliveryTests(PaymentsFixture app, ITestOutputHelper output) : IClassFixture<PaymentsFixture>
{
    private const int Tips = 1_000, Copies = 5;

    [Fact]
    public async Task A_thousand_tips_each_delivered_five_times_to_two_consumers_give_a_thousand_completed_rows_and_a_thousand_charges()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var chargesBefore = app.Gateway.SuccessfulCharges;
        var sw = Stopwatch.StartNew();

        // The pending rows, set-based (what TipService writes per request), with fee 20 % and net to the cent.
        await using (var conn = new NpgsqlConnection(app.OwnerConnectionString))
            await conn.ExecuteAsync("""
                insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount,
                                          status, payment_method, payment_provider, created_at)
                select gen_random_uuid(), @UserId, @creator, 'dj', 'tip', a, 'USD', round(a * 0.20, 2), a - round(a * 0.20, 2),
                       'pending', 'pm_card_visa', 'simulated', date_trunc('milliseconds', now())
                from (select (1 + g % 50)::numeric(10,2) as a from generate_series(1, @Tips) g) s
                """, new { payer.UserId, creator = creator.Id, Tips });
        await using var read = await app.AppDb.OpenConnectionAsync();
        var messages = (await read.QueryAsync<(Guid Id, DateTime CreatedAt)>(
                "select id, created_at from transactions where user_id = @UserId", payer))
            .Select(r => new PaymentMessage(r.Id, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)).ToJson()).ToList();
        Assert.Equal(Tips, messages.Count);

        // Every message five times, in shuffled order, through the producer's client (base64, as the host expects).
        await app.TipsQueue.CreateIfNotExistsAsync();
        var copies = Enumerable.Range(0, Copies).SelectMany(_ => messages.AsEnumerable()).OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(copies, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, ct) => await app.TipsQueue.SendMessageAsync(m, ct));
        var enqueued = sw.Elapsed;

        var results = await Task.WhenAll(Consumer(), Consumer());
        output.WriteLine($"enqueue {Tips * Copies} in {enqueued.TotalSeconds:0.0} s, drained by two consumers in {(sw.Elapsed - enqueued).TotalSeconds:0.0} s ({results[0]} + {results[1]} deliveries)");

        Assert.Equal(Tips * Copies, results.Sum());
        Assert.Equal(Tips, await app.Scalar<long>("select count(*) from transactions where user_id = @UserId and status = 'completed'", payer));
        Assert.Equal(Tips, app.Gateway.SuccessfulCharges - chargesBefore);
        Assert.Equal(Tips, await app.Scalar<long>("select count(distinct provider_transaction_id) from transactions where user_id = @UserId", payer));
        Assert.Equal(await app.Scalar<decimal>("select sum(net_amount) from transactions where user_id = @UserId", payer), await app.Earnings(creator));
        Assert.Equal(Tips, await app.Scalar<long>("select count(*) from notification_outbox where recipient_user_id = @UserId", creator.Owner));
        Assert.Empty(await app.Audit());
    }

    /// <summary>The host's loop in miniature: receive a batch, run the real handler on each message, delete it after success.</summary>
    private async Task<int> Consumer()
    {
        var handler = app.Function<PaymentQueueHandler>();
        var handled = 0;
        var emptyPolls = 0;
        while (emptyPolls < 3)
        {
            var batch = (await app.TipsQueue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2))).Value;
            if (batch.Length == 0) { emptyPolls++; await Task.Delay(200); continue; }
            emptyPolls = 0;
            foreach (var m in batch)
            {
                await handler.ProcessPayment(m.Body.ToString(), default);
                await app.TipsQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
        }
        return handled;
    }
}
