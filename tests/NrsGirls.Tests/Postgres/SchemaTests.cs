using NrsGirls.Cli.Local;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Postgres;

/// <summary>The real migrations on an empty database: the seed's schema, money rules and least privilege.</summary>
public sealed class SchemaTests : IAsyncLifetime
{
    // Every table and column of the seed (shared/seed/000_…txt), translated by the migrations.
    private static readonly Dictionary<string, string[]> SeedColumns = new()
    {
        ["users"] = ["id", "email", "password_hash", "role", "verified", "two_factor_enabled", "two_factor_secret", "created_at", "updated_at", "last_login", "deleted_at"],
        ["dj_profiles"] = ["id", "user_id", "stage_name", "bio", "genres", "avatar_url", "banner_url", "rating", "total_earnings", "follower_count", "stream_count", "total_views", "verified_artist", "social_links", "created_at", "updated_at"],
        ["performer_profiles"] = ["id", "user_id", "stage_name", "bio", "avatar_url", "banner_url", "privacy_settings", "blocked_regions", "blocked_users", "total_earnings", "follower_count", "stream_count", "total_views", "verified_performer", "social_links", "created_at", "updated_at"],
        ["tracks"] = ["id", "dj_id", "title", "artist", "album", "genre", "bpm", "duration", "file_url", "file_size", "file_format", "waveform_data", "scanned", "scan_results", "copyright_status", "play_count", "like_count", "upload_date", "updated_at", "deleted_at"],
        ["streams"] = ["id", "creator_id", "creator_type", "title", "description", "thumbnail_url", "category", "tags", "start_time", "end_time", "scheduled_start", "status", "viewer_count", "peak_viewers", "total_views", "like_count", "recording_url", "recording_enabled", "earnings", "chat_enabled", "multistream_config", "created_at", "updated_at"],
        ["transactions"] = ["id", "user_id", "creator_id", "creator_type", "transaction_type", "amount", "currency", "platform_fee", "net_amount", "status", "payment_method", "payment_provider", "provider_transaction_id", "metadata", "created_at", "processed_at"],
        ["subscriptions"] = ["id", "subscriber_id", "creator_id", "creator_type", "tier", "amount", "billing_cycle", "status", "current_period_start", "current_period_end", "cancelled_at", "created_at", "updated_at"],
        ["follows"] = ["id", "follower_id", "following_id", "following_type", "notifications_enabled", "created_at"],
        ["reports"] = ["id", "reporter_id", "reported_user_id", "reported_stream_id", "reported_message_id", "report_type", "description", "status", "reviewed_by", "reviewed_at", "resolution_notes", "created_at"],
        ["notifications"] = ["id", "user_id", "notification_type", "title", "message", "link", "read", "read_at", "data", "created_at"],
        ["payouts"] = ["id", "creator_id", "creator_type", "amount", "currency", "status", "payment_method", "payment_details", "scheduled_date", "processed_date", "transaction_ids", "failure_reason", "created_at", "updated_at"],
        ["user_settings"] = ["id", "user_id", "email_notifications", "push_notifications", "newsletter_subscribed", "language", "timezone", "theme", "notification_preferences", "privacy_preferences", "created_at", "updated_at"],
    };

    // The seed's CHECK (x IN (...)) lists.
    public static TheoryData<string, string, string[]> SeedChecks => new()
    {
        { "users", "role", ["dj", "performer", "viewer", "admin"] },
        { "streams", "creator_type", ["dj", "performer"] },
        { "streams", "status", ["scheduled", "live", "ended", "cancelled"] },
        { "transactions", "creator_type", ["dj", "performer"] },
        { "transactions", "transaction_type", ["tip", "subscription", "private_show", "payout"] },
        { "transactions", "status", ["pending", "completed", "failed", "refunded"] },
        { "subscriptions", "creator_type", ["dj", "performer"] },
        { "subscriptions", "billing_cycle", ["monthly", "quarterly", "yearly"] },
        { "subscriptions", "status", ["active", "cancelled", "expired", "suspended"] },
        { "follows", "following_type", ["dj", "performer"] },
        { "reports", "report_type", ["harassment", "spam", "inappropriate_content", "copyright", "other"] },
        { "reports", "status", ["pending", "reviewing", "resolved", "dismissed"] },
        { "payouts", "creator_type", ["dj", "performer"] },
        { "payouts", "status", ["pending", "processing", "completed", "failed"] },
    };

    private TestEnvironment _env = null!;
    private string _db = null!;

    public async Task InitializeAsync()
    {
        _env = await TestServices.GetAsync();
        _db = await _env.CreateEmptyDatabaseAsync();
        await Runner().UpAsync();
    }

    public Task DisposeAsync() => _env.DropDatabaseAsync(_db);

    private MigrationRunner Runner() => new(_env.OwnerConnectionString(_db), Migration.Embedded());

    private NpgsqlConnection Owner() => new(_env.OwnerConnectionString(_db));

    private NpgsqlConnection AppRole() => new(new NpgsqlConnectionStringBuilder(_env.OwnerConnectionString(_db))
    {
        Username = TestEnvironment.AppLogin, Password = TestEnvironment.AppPassword, Pooling = false,
    }.ConnectionString);

    [Fact]
    public async Task Up_creates_every_seed_table_and_column()
    {
        await using var c = Owner();
        var columns = (await c.QueryAsync<(string Table, string Column)>(
            "select table_name, column_name from information_schema.columns where table_schema = 'public'"))
            .ToLookup(x => x.Table, x => x.Column);
        foreach (var (table, expected) in SeedColumns)
        {
            var missing = expected.Except(columns[table]).ToList();
            Assert.True(missing.Count == 0, $"{table} lacks {string.Join(", ", missing)}");
        }
    }

    [Theory]
    [MemberData(nameof(SeedChecks))]
    public async Task Up_keeps_every_seed_check(string table, string column, string[] allowed)
    {
        await using var c = Owner();
        var defs = (await c.QueryAsync<string>("""
            select pg_get_constraintdef(oid) from pg_constraint
            where contype = 'c' and conrelid = @table::regclass
            """, new { table })).Where(d => d.Contains(column, StringComparison.Ordinal)).ToList();
        Assert.True(defs.Count > 0, $"no CHECK on {table}.{column}");
        foreach (var value in allowed)
            Assert.Contains(defs, d => d.Contains($"'{value}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Times_are_timestamptz_and_updated_at_is_kept_by_a_trigger()
    {
        await using var c = Owner();
        var plainTimestamps = await c.QueryAsync<string>("""
            select table_name || '.' || column_name from information_schema.columns
            where table_schema = 'public' and data_type = 'timestamp without time zone'
            """);
        Assert.Empty(plainTimestamps);

        var id = await c.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values ('t@x.test', 'h', 'viewer') returning id");
        await c.ExecuteAsync("update users set updated_at = '2000-01-01' where id = @id", new { id });
        var updated = await c.ExecuteScalarAsync<DateTime>("select updated_at from users where id = @id", new { id });
        Assert.True(updated > new DateTime(2020, 1, 1), "the trigger sets updated_at on every update");
    }

    [Fact]
    public async Task Email_is_unique_regardless_of_case()
    {
        await using var c = Owner();
        await c.ExecuteAsync("insert into users (email, password_hash, role) values ('Case@X.test', 'h', 'viewer')");
        var ex = await Assert.ThrowsAsync<PostgresException>(() =>
            c.ExecuteAsync("insert into users (email, password_hash, role) values ('case@x.TEST', 'h', 'viewer')"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
    }

    [Theory]
    [InlineData("10.00", "2.00", "7.99", "transactions_amounts_add_up")]
    [InlineData("0.00", "0.00", "0.00", "transactions_amount_positive")]
    [InlineData("10.00", "-1.00", "11.00", "transactions_platform_fee_not_negative")]
    public async Task The_database_rejects_a_transaction_whose_parts_do_not_add_up(string amount, string fee, string net, string constraint)
    {
        await using var c = Owner();
        var user = await c.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values (@e, 'h', 'viewer') returning id",
            new { e = $"{Guid.NewGuid():N}@x.test" });
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("""
            insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status)
            values (@user, gen_random_uuid(), 'dj', 'tip', @amount::numeric, @fee::numeric, @net::numeric, 'completed')
            """, new { user, amount, fee, net }));
        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
        Assert.Equal(constraint, ex.ConstraintName);
    }

    [Fact]
    public async Task A_lower_case_currency_is_rejected_and_a_balanced_transaction_lands_in_its_month()
    {
        await using var c = Owner();
        var user = await c.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values ('m@x.test', 'h', 'viewer') returning id");
        const string insert = """
            insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, currency, platform_fee, net_amount, status)
            values (@user, gen_random_uuid(), 'dj', 'tip', 10.00, @currency, 2.00, 8.00, 'completed') returning tableoid::regclass::text
            """;
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteScalarAsync<string>(insert, new { user, currency = "usd" }));
        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);

        var partition = await c.ExecuteScalarAsync<string>(insert, new { user, currency = "EUR" });
        Assert.Equal($"transactions_y{DateTime.UtcNow:yyyy}m{DateTime.UtcNow:MM}", partition);
    }

    [Fact]
    public async Task The_read_write_role_cannot_create_alter_or_drop_tables_but_can_write_rows()
    {
        await _env.EnsureAppLoginForAsync(_db);
        await using var app = AppRole();
        foreach (var ddl in new[] { "create table intruder (id int)", "alter table users add column intruder int", "drop table follows", "truncate users" })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync(ddl));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }
        var id = await app.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values ('rw@x.test', 'h', 'dj') returning id");
        Assert.Equal(1, await app.ExecuteAsync("delete from users where id = @id", new { id }));
        // Partitions are made through the SECURITY DEFINER function, the one DDL path open to the app.
        Assert.True(await app.ExecuteScalarAsync<int>("select ensure_transaction_partitions(12)") >= 0);
        Assert.Equal(0, await app.ExecuteScalarAsync<int>("select ensure_transaction_partitions(12)"));
        // The migration history is out of the app's reach.
        var history = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync("delete from nrsgirls_migrations.schema_migrations"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, history.SqlState);
    }

    [Fact]
    public async Task Up_then_down_to_zero_then_up_leaves_an_identical_schema()
    {
        var first = await DumpSchemaAsync();
        var reverted = await Runner().DownAsync(steps: 1000);
        Assert.Equal(Migration.Embedded().Count, reverted.Count);

        await using (var c = Owner())
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("select count(*) from pg_tables where schemaname = 'public'"));

        await Runner().UpAsync();
        Assert.Equal(first, await DumpSchemaAsync());
    }

    [Fact]
    public async Task Concurrent_ups_of_the_real_migrations_apply_each_once()
    {
        var db = await _env.CreateEmptyDatabaseAsync();
        try
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => new MigrationRunner(_env.OwnerConnectionString(db), Migration.Embedded()).UpAsync())));
            Assert.Equal(Migration.Embedded().Count, runs.Sum(r => r.Count));
        }
        finally { await _env.DropDatabaseAsync(db); }
    }

    private async Task<string> DumpSchemaAsync()
    {
        var pgDump = Path.Combine(LocalServices.PostgresBinDir(), "pg_dump");
        var output = await LocalProcess.RunAsync(pgDump,
            ["--schema-only", "--no-owner", "-h", _env.Postgres.Host, "-p", _env.Postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", _env.Postgres.User, "-d", _db, "--exclude-schema=nrsgirls_migrations"],
            env: new Dictionary<string, string> { ["PGPASSWORD"] = _env.Postgres.Password });
        Assert.Contains("CREATE TABLE public.transactions", output);
        // Newer pg_dump releases fence the dump with random \restrict keys; they are not schema.
        return string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal)));
    }
}
