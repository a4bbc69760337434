using NrsGirls.Cli;
using NrsGirls.Shared.Payments;
using NrsGirls.Tests.Cli;

namespace NrsGirls.Tests.Payments;

/// <summary>LedgerAudit and `nrsgirls money check` (run in-process with its own writers).</summary>
public class LedgerAuditTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var run = await CliRuns.Run(app.Configuration, args);
        return (run.Exit, run.Out, run.Err);
    }

    [Fact]
    public async Task Each_broken_invariant_is_reported_and_money_check_exits_1_listing_it_then_0_once_repaired()
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var accepted = await app.Tip(payer, creator.Id, PaymentsFixture.TipBody(10m), "audit");
        await app.DrainQueue();
        var id = accepted.Body.GetProperty("transactionId").GetGuid();
        var (cleanExit, cleanOut, _) = await Run("money", "check");
        Assert.Equal((0, "Ledger OK"), (cleanExit, cleanOut[..9]));

        // Break things as the owner, bypassing the app (the trigger still guards immutable columns, so disable it for this).
        await app.Scalar<int>("update dj_profiles set total_earnings = total_earnings + 1 where id = @Id returning 1", creator);
        await app.Scalar<int>("""
            alter table transactions disable trigger trg_transactions_guard_update;
            update transactions set status = 'refunded', provider_transaction_id = null where id = @id;
            alter table transactions enable trigger trg_transactions_guard_update;
            select 1
            """, new { id });
        await app.Scalar<int>("""
            insert into idempotency_keys (user_id, scope, key, request_hash, transaction_id) values (@UserId, 'tip', 'dup', 'h', gen_random_uuid());
            select 1
            """, payer);

        var violations = await app.Audit();
        var rules = violations.Select(v => v.Rule).ToHashSet();
        Assert.Contains("earnings_match", rules);
        Assert.Contains("refund_without_charge", rules);
        Assert.Contains("idempotency_one_transaction", rules);
        var (exit, _, err) = await Run("money", "check");
        Assert.Equal(1, exit);
        Assert.All(violations, v => Assert.Contains(v.ToString(), err));

        // The static overload checks any database through an open connection.
        await using (var conn = new Npgsql.NpgsqlConnection(app.OwnerConnectionString))
        {
            await conn.OpenAsync();
            Assert.Equal(violations, await LedgerAudit.CheckAsync(conn, default));
        }
    }

    [Theory]
    [InlineData("dj")]
    [InlineData("performer")]
    public async Task A_profile_whose_total_earnings_disagree_with_its_completed_payments_is_named_with_its_kind(string type)
    {
        var creator = await app.Creator(type);
        var table = type + "_profiles";
        await app.Scalar<int>($"update {table} set total_earnings = total_earnings + 2 where id = @Id returning 1", creator);
        try
        {
            var violation = Assert.Single(await app.Audit(), v => v.Subject == $"{type}_profile {creator.Id}");
            Assert.Equal(("earnings_match", "total_earnings 2.00 <> completed net 0"), (violation.Rule, violation.Detail));
        }
        finally
        {
            await app.Scalar<int>($"update {table} set total_earnings = total_earnings - 2 where id = @Id returning 1", creator);
        }
    }

    [Fact]
    public async Task Duplicate_ids_across_partitions_and_rows_that_do_not_add_up_are_found_in_a_copy_without_the_guards()
    {
        // A restored copy may lack the CHECK constraints; the audit still finds what they would refuse.
        var db = await app.Env.CreateDatabaseAsync("audit");
        try
        {
            await using var conn = new Npgsql.NpgsqlConnection(app.Env.OwnerConnectionString(db));
            await conn.OpenAsync();
            await using (var cmd = new Npgsql.NpgsqlCommand("""
                alter table transactions drop constraint transactions_amounts_add_up;
                insert into users (id, email, password_hash, role) values ('00000000-0000-0000-0000-000000000001', 'a@b.c', 'x', 'viewer');
                insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status, created_at)
                values ('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'dj', 'tip', 10, 'USD', 2, 7, 'pending', '2025-01-05'),
                       ('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'dj', 'tip', 10, 'USD', 2, 8, 'pending', '2025-02-05');
                """, conn))
                await cmd.ExecuteNonQueryAsync();
            var found = await LedgerAudit.CheckAsync(conn, default);
            Assert.Contains(found, v => v.Rule == "amounts_add_up");
            Assert.Contains(found, v => v.Rule == "credited_twice" && v.Subject.Contains("0000000000aa"));
        }
        finally { await app.Env.DropDatabaseAsync(db); }
    }
}
