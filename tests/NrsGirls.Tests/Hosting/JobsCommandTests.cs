namespace NrsGirls.Tests.Hosting;

/// <summary>Issue 3: `nrsgirls jobs run` runs a timer function once, now, in-process against the fixture's services.</summary>
public class JobsCommandTests(JobsCommandTests.DatabaseOnly app) : IClassFixture<JobsCommandTests.DatabaseOnly>
{
    public sealed class DatabaseOnly : LocalHostFixture
    {
        protected override bool StartHost => false;
    }

    private static Task<CliRun> Run(IConfiguration configuration, int times, params string[] args) => CliRuns.Run(configuration, args, stdin: "", times);

    [Fact]
    public async Task Jobs_run_runs_a_timer_function_once_now_and_not_past_due()
    {
        var before = (await TimerRuns.ReadAsync(app)).Count;
        var (exit, output, err) = await Run(app.Configuration, 1, "jobs", "run", "RecordRun", "--app-dir", LocalHostFixture.TestAppDirectory);

        Assert.True(exit == 0, err);
        Assert.Contains("RecordRun ran in", output);
        var runs = await TimerRuns.ReadAsync(app);
        Assert.Equal(before + 1, runs.Count);
        Assert.False(runs[^1].IsPastDue);
        Assert.NotNull(runs[^1].FinishedAt);
    }

    [Fact]
    public async Task Two_jobs_run_of_one_timer_at_once_take_turns()
    {
        var before = (await TimerRuns.ReadAsync(app)).Count;
        var (exit, _, err) = await Run(app.Configuration, 2, "jobs", "run", "RecordRun", "--app-dir", LocalHostFixture.TestAppDirectory);

        Assert.True(exit == 0, err);
        var runs = await TimerRuns.ReadAsync(app);
        Assert.Equal(before + 2, runs.Count);
        TimerRuns.AssertNoOverlap(runs);
    }

    [Fact]
    public async Task Jobs_run_of_an_unknown_function_names_the_timers_and_exits_2()
    {
        var (exit, _, err) = await Run(app.Configuration, 1, "jobs", "run", "NoSuchJob");
        Assert.Equal(2, exit);
        Assert.Contains("NoSuchJob", err);
        Assert.Contains("EnsureTransactionPartitions", err);
    }

    /// <summary>Needs ensure_transaction_partitions from the payments migration (SECURITY DEFINER, run by the app login).</summary>
    [Fact]
    public async Task Jobs_run_EnsureTransactionPartitions_creates_a_year_of_monthly_partitions()
    {
        var (exit, _, err) = await Run(app.Configuration, 1, "jobs", "run", "EnsureTransactionPartitions");
        Assert.True(exit == 0, err);
        var partitions = await app.QueryAsync<int>("""
            select count(*)::int from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'transactions'::regclass and c.relname <> 'transactions_default'
            """);
        Assert.True(partitions >= 12, $"{partitions} monthly partitions");
    }
}
