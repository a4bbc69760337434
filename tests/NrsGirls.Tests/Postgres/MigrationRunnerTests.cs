using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Postgres;

/// <summary>The runner's rules, on small throwaway migrations in an empty database of its own.</summary>
public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private TestEnvironment _env = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _env = await TestServices.GetAsync();
        _db = await _env.CreateEmptyDatabaseAsync();
        _dir = Directory.CreateTempSubdirectory("nrsgirls-migrations-").FullName;
        Write("001_create_log.sql", "create table log (v int not null, at timestamptz not null default clock_timestamp());", "drop table log;");
        // pg_sleep widens the window in which a second runner could sneak in.
        Write("002_insert_two.sql", "insert into log (v) values (2); select pg_sleep(0.3);", "delete from log where v = 2;");
        Write("003_add_column.sql", "alter table log add column note text;", "alter table log drop column note;");
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await _env.DropDatabaseAsync(_db);
    }

    private void Write(string name, string up, string down) =>
        File.WriteAllText(Path.Combine(_dir, name), $"{Migration.UpMarker}\n{up}\n{Migration.DownMarker}\n{down}\n");

    private MigrationRunner Runner() => new(_env.OwnerConnectionString(_db), Migration.FromDirectory(_dir));

    private async Task<T> Scalar<T>(string sql)
    {
        await using var c = new NpgsqlConnection(_env.OwnerConnectionString(_db));
        return await c.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("null");
    }

    [Fact]
    public async Task Up_applies_pending_migrations_in_order_and_records_them()
    {
        var applied = await Runner().UpAsync();
        Assert.Equal([1, 2, 3], applied.Select(m => m.Version));
        Assert.Equal(3, await Scalar<int>("select count(*) from nrsgirls_migrations.schema_migrations where length(checksum) = 64"));
        Assert.Empty(await Runner().UpAsync());
    }

    [Fact]
    public async Task Up_to_stops_at_the_given_number_and_down_steps_back()
    {
        await Runner().UpAsync(to: 2);
        Assert.Equal(2, await Scalar<int>("select max(version) from nrsgirls_migrations.schema_migrations"));
        var reverted = await Runner().DownAsync(steps: 2);
        Assert.Equal([2, 1], reverted.Select(m => m.Version));
        Assert.False(await Scalar<bool>("select to_regclass('public.log') is not null"));
        Assert.Equal(0, await Scalar<int>("select count(*) from nrsgirls_migrations.schema_migrations"));
    }

    [Fact]
    public async Task A_changed_file_of_an_applied_migration_is_refused_by_name()
    {
        await Runner().UpAsync(to: 2);
        Write("002_insert_two.sql", "insert into log (v) values (22);", "delete from log where v = 22;");

        var ex = await Assert.ThrowsAsync<MigrationException>(() => Runner().UpAsync());
        Assert.Contains("002_insert_two.sql was changed after it was applied", ex.Message);
        // Nothing else ran: 003 is still pending.
        Assert.Equal(2, await Scalar<int>("select max(version) from nrsgirls_migrations.schema_migrations"));
        Assert.Contains((await Runner().StatusAsync()), s => s.Version == 2 && s.Changed);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole()
    {
        Write("004_broken.sql", "create table half_done (id int); select * from no_such_table;", "drop table half_done;");
        var ex = await Assert.ThrowsAsync<MigrationException>(() => Runner().UpAsync());
        Assert.Contains("004_broken.sql failed and was rolled back", ex.Message);
        Assert.False(await Scalar<bool>("select to_regclass('public.half_done') is not null"));
        Assert.Equal(3, await Scalar<int>("select max(version) from nrsgirls_migrations.schema_migrations"));
    }

    [Fact]
    public async Task Two_runners_started_at_once_apply_each_migration_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().UpAsync())));

        Assert.Equal(3, results.Sum(r => r.Count));
        Assert.Equal(1, await Scalar<int>("select count(*) from log where v = 2"));
        Assert.Equal(3, await Scalar<int>("select count(*) from nrsgirls_migrations.schema_migrations"));
    }

    [Fact]
    public async Task A_runner_that_cannot_get_the_lock_in_time_says_so_and_applies_nothing()
    {
        await using var holder = new NpgsqlConnection(_env.OwnerConnectionString(_db));
        await holder.OpenAsync();
        await holder.ExecuteAsync("select pg_advisory_lock(@k)", new { k = MigrationRunner.LockKey });

        var runner = new MigrationRunner(_env.OwnerConnectionString(_db), Migration.FromDirectory(_dir)) { LockWait = TimeSpan.FromMilliseconds(500) };
        var ex = await Assert.ThrowsAsync<MigrationException>(() => runner.UpAsync());
        Assert.Contains("Another migration runner held the lock", ex.Message);
        Assert.False(await Scalar<bool>("select to_regclass('public.log') is not null"));
    }

    [Fact]
    public void Create_writes_the_next_numbered_file_with_both_parts()
    {
        var path = MigrationRunner.Create(_dir, "Add Tips Index");
        Assert.Equal("004_add_tips_index.sql", Path.GetFileName(path));
        var m = Migration.Parse(Path.GetFileName(path), File.ReadAllText(path));
        Assert.Equal(4, m.Version);
        Assert.Contains("undo", m.Down);
    }

    [Theory]
    [InlineData("1_short.sql", "must be named NNN_name.sql")]
    [InlineData("005_no_markers.sql", "needs a '-- migrate:up' line")]
    public void Malformed_files_are_refused_with_their_name(string name, string expected)
    {
        var ex = Assert.Throws<MigrationException>(() => Migration.Parse(name, "select 1;"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(name, ex.Message);
    }
}
