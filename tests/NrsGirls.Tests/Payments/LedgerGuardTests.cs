namespace NrsGirls.Tests.Payments;

/// <summary>The database itself refuses ledger changes the app role might attempt (migration 009).</summary>
public class LedgerGuardTests(PaymentsFixture app) : IClassFixture<PaymentsFixture>
{
    private async Task<(Guid Id, TestCreator Creator)> Row(string status)
    {
        var creator = await app.Creator();
        var payer = await app.SignUp();
        var id = Guid.NewGuid();
        await using var conn = await app.AppDb.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status,
                                      provider_transaction_id, processed_at)
            values (@id, @payer, @creator, 'dj', 'tip', 10.00, 'USD', 2.00, 8.00, 'pending', null, null)
            """, new { id, payer = payer.UserId, creator = creator.Id });
        if (status != "pending")
            await conn.ExecuteAsync("update transactions set status = 'completed', provider_transaction_id = 'pi_x', processed_at = now() where id = @id", new { id });
        if (status == "refunded") await conn.ExecuteAsync("update transactions set status = 'refunded' where id = @id", new { id });
        if (status == "failed") throw new ArgumentException("use pending then fail", nameof(status));
        return (id, creator);
    }

    public static TheoryData<string> ImmutableChanges => new()
    {
        "amount = 11.00, net_amount = 9.00",
        "platform_fee = 1.00, net_amount = 9.00",
        "net_amount = 7.00, platform_fee = 3.00",
        "currency = 'EUR'",
        "user_id = (select id from users where id <> user_id limit 1)",
        "creator_id = gen_random_uuid()",
        "creator_type = 'performer'",
        "transaction_type = 'subscription'",
    };

    [Theory]
    [MemberData(nameof(ImmutableChanges))]
    public async Task The_app_role_cannot_change_amounts_fee_net_currency_parties_or_type(string set)
    {
        var (id, _) = await Row("completed");
        await using var conn = await app.AppDb.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"update transactions set {set} where id = @id", new { id }));
        Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, e.SqlState);
        Assert.Contains("immutable", e.MessageText);
    }

    [Theory]
    [InlineData("pending", "refunded")]
    [InlineData("completed", "pending")]
    [InlineData("completed", "failed")]
    [InlineData("refunded", "completed")]
    [InlineData("refunded", "pending")]
    public async Task Status_moves_only_forward_along_the_ledger_life_cycle(string from, string to)
    {
        var (id, _) = await Row(from);
        await using var conn = await app.AppDb.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("update transactions set status = @to where id = @id", new { id, to }));
        Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, e.SqlState);
        Assert.Equal(from, await app.Status(id));
    }

    [Fact]
    public async Task A_failed_row_stays_failed()
    {
        var (id, _) = await Row("pending");
        await using var conn = await app.AppDb.OpenConnectionAsync();
        await conn.ExecuteAsync("update transactions set status = 'failed' where id = @id", new { id });
        foreach (var to in new[] { "pending", "completed", "refunded" })
            await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("update transactions set status = @to where id = @id", new { id, to }));
        Assert.Equal("failed", await app.Status(id));
    }

    [Fact]
    public async Task The_allowed_moves_and_metadata_updates_pass()
    {
        var (id, _) = await Row("refunded"); // pending → completed → refunded, as the app role
        await using var conn = await app.AppDb.OpenConnectionAsync();
        await conn.ExecuteAsync("""update transactions set metadata = '{"note":"x"}' where id = @id""", new { id });
        Assert.Equal("refunded", await app.Status(id));
    }

    [Fact]
    public async Task The_app_role_cannot_delete_ledger_rows_from_the_table_or_a_partition()
    {
        var (id, _) = await Row("completed");
        var partition = await app.Scalar<string>("select tableoid::regclass::text from transactions where id = @id", new { id });
        await using var conn = await app.AppDb.OpenConnectionAsync();

        var viaTable = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("delete from transactions where id = @id", new { id }));
        var viaPartition = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"delete from {partition} where id = @id", new { id }));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync($"truncate {partition}"));

        Assert.All(new[] { viaTable, viaPartition, truncate }, e => Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState));
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from transactions where id = @id", new { id }));
    }

    [Fact]
    public async Task A_partition_created_later_also_refuses_deletes_by_the_app_role()
    {
        // Partitions made by ensure_transaction_partitions get the default privileges (DELETE included); the trigger still refuses.
        await app.Scalar<int>("select ensure_transaction_partitions(30)");
        var future = DateTime.UtcNow.AddMonths(25);
        var (id, _) = await Row("pending");
        // A row in a partition created just now, inserted and then deleted as the app role.
        await using var conn = await app.AppDb.OpenConnectionAsync();
        var payer = await app.Scalar<Guid>("select user_id from transactions where id = @id", new { id });
        var futureId = Guid.NewGuid();
        await conn.ExecuteAsync("""
            insert into transactions (id, user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status, created_at)
            values (@futureId, @payer, gen_random_uuid(), 'dj', 'tip', 1, 'USD', 0.20, 0.80, 'pending', @future)
            """, new { futureId, payer, future });
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("delete from transactions where id = @futureId", new { futureId }));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Rows_that_do_not_add_up_are_refused_on_insert()
    {
        var payer = await app.SignUp();
        await using var conn = await app.AppDb.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("""
            insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status)
            values (@UserId, gen_random_uuid(), 'dj', 'tip', 10, 'USD', 2, 7.99, 'pending')
            """, payer));
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }
}
