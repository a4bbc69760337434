using NrsGirls.Cli.Database;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Cli;

public class SeedTests(AppFixture app) : IClassFixture<AppFixture>
{
    private NpgsqlDataSource Owner() => PostgresConnections.CreateDataSource(app.OwnerConnectionString);

    [Fact]
    public async Task Seed_all_loads_every_role_and_stream_status_and_a_second_run_adds_nothing()
    {
        await using var db = Owner();
        var seeder = new Seeder(db, p => BCrypt.Net.BCrypt.HashPassword(p, 4));
        var first = await seeder.SeedAsync("all");
        Assert.All(first, r => Assert.True(r.Added > 0, $"{r.Part} added nothing on the first run"));

        var second = await seeder.SeedAsync("all");
        Assert.All(second, r => Assert.Equal(0, r.Added));

        await using var c = await db.OpenConnectionAsync();
        var seededIds = Seeder.Users.Select(u => Seeder.UserId(u.Key)).ToArray();
        Assert.Equal(["admin", "dj", "performer", "viewer"],
            await c.QueryAsync<string>("select distinct role from users where id = any(@seededIds) order by role", new { seededIds }));
        Assert.Equal(["cancelled", "ended", "live", "scheduled"],
            await c.QueryAsync<string>("select distinct status from streams order by status"));
        Assert.Equal(Seeder.Users.Count, await c.ExecuteScalarAsync<int>("select count(*) from user_settings where user_id = any(@seededIds)", new { seededIds }));
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("""
            select count(*) from dj_profiles d
            where follower_count <> (select count(*) from follows f where f.following_id = d.id and f.following_type = 'dj')
            """));
        Assert.True(await c.ExecuteScalarAsync<int>("select count(*) from tracks where deleted_at is null") >= 12);
        Assert.Equal(["pending", "resolved"], await c.QueryAsync<string>("select status from reports order by status"));
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("""
            select count(*) from performer_profiles p
            where follower_count <> (select count(*) from follows f where f.following_id = p.id and f.following_type = 'performer')
            """));
    }

    [Fact]
    public async Task Scale_seed_writes_balanced_transactions_by_copy_and_runs_once()
    {
        await using var db = Owner();
        var scale = new ScaleSeeder(db, p => BCrypt.Net.BCrypt.HashPassword(p, 4), 0.20m);
        var report = await scale.SeedAsync(300);

        Assert.NotNull(report);
        Assert.Equal(300, report.Users);
        Assert.Equal(30, report.Streams);
        Assert.Equal(3000, report.Transactions);
        Assert.Null(await scale.SeedAsync(300));

        await using var c = await db.OpenConnectionAsync();
        Assert.Equal(3000, await c.ExecuteScalarAsync<int>("select count(*) from transactions"));
        // The ledger invariant holds for every generated row, and fees follow the configured rate.
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("""
            select count(*) from transactions
            where amount <> platform_fee + net_amount or platform_fee <> round(amount * 0.20, 2)
            """));
        Assert.True(await c.ExecuteScalarAsync<int>("select count(distinct tableoid) from transactions") > 12, "rows spread over monthly partitions");
    }
}
