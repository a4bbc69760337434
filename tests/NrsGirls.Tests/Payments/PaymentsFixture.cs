using Azure.Storage.Queues;
using NrsGirls.Functions.Payments;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Tests.Payments;

/// <summary>A creator profile made for a test: the owning account and the profile id.</summary>
public sealed record TestCreator(TestUser Owner, Guid Id, string Type);

/// <summary>Money tests: real PostgreSQL, Redis and Azurite, the simulated gateway (the default provider), a manual clock.</summary>
public class PaymentsFixture : AppFixture
{
    public SimulatedPaymentGateway Gateway => Services.GetRequiredService<SimulatedPaymentGateway>();
    public QueueClient TipsQueue => Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Services.GetRequiredService<QueueNames>().Tips);
    public NpgsqlDataSource AppDb => Services.GetRequiredService<NpgsqlDataSource>();
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A creator: an account of the role plus its profile row (profiles are another feature's routes).</summary>
    public async Task<TestCreator> Creator(string type = "dj", string[]? blockedRegions = null, Guid[]? blockedUsers = null)
    {
        var owner = await this.SignUp(type == "dj" ? Roles.Dj : Roles.Performer);
        var id = Guid.NewGuid();
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        await conn.ExecuteAsync(type == "dj"
            ? "insert into dj_profiles (id, user_id, stage_name) values (@id, @userId, 'DJ ' || left(@id::text, 8))"
            : """
              insert into performer_profiles (id, user_id, stage_name, blocked_regions, blocked_users)
              values (@id, @userId, 'Performer ' || left(@id::text, 8), @blockedRegions, @blockedUsers)
              """, new { id, userId = owner.UserId, blockedRegions, blockedUsers });
        return new TestCreator(owner, id, type);
    }

    /// <summary>A signed-in admin (admins are made by an operator; here the row is promoted, then signed in again).</summary>
    public Task<TestUser> Admin() => this.NewAdmin();

    public static Microsoft.AspNetCore.Http.HttpRequest Request(object? body, string? token, string? idempotencyKey = null, string? raw = null,
        string? country = null)
    {
        var r = Http.Request(body, token, raw: raw);
        if (idempotencyKey is not null) r.Headers[NrsGirls.Shared.Idempotency.IdempotentRequests.HeaderName] = idempotencyKey;
        if (country is not null) r.Headers["X-Country"] = country;
        return r;
    }

    public Task<Answer> Tip(TestUser payer, Guid creatorId, object body, string? key) =>
        Http.Call(Services, Function<TipsApi>().CreateTip(Request(body, payer.Token, key), creatorId, default));

    public static object TipBody(decimal amount = 10.00m, string pm = SimulatedPaymentGateway.Visa, string currency = "USD", string? message = null) =>
        new { amount, currency, paymentMethod = pm, message };

    /// <summary>Receives every message on the tips queue and runs the real handler on each (the host's loop, in-process); returns how many.</summary>
    public async Task<int> DrainQueue()
    {
        var handler = Function<PaymentQueueHandler>();
        var n = 0;
        await TipsQueue.CreateIfNotExistsAsync();
        while (true)
        {
            var batch = (await TipsQueue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0) return n;
            foreach (var m in batch)
            {
                await handler.ProcessPayment(m.Body.ToString(), default);
                await TipsQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                n++;
            }
        }
    }

    public Task<IReadOnlyList<LedgerViolation>> Audit() => Get<LedgerAudit>().CheckAsync(default);

    public Task<string> Status(Guid transactionId) => Scalar<string>("select status from transactions where id = @transactionId", new { transactionId });

    public Task<decimal> Earnings(TestCreator c) =>
        Scalar<decimal>($"select total_earnings from {(c.Type == "dj" ? "dj_profiles" : "performer_profiles")} where id = @id", new { c.Id });

    protected override IDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        [SettingNames.CountryHeader] = "X-Country",
    };
}
