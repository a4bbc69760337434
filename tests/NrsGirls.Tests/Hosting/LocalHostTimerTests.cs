using Azure.Storage.Blobs;
using NrsGirls.LocalHost;

namespace NrsGirls.Tests.Hosting;

public sealed record TimerRun(Guid RunId, DateTime StartedAt, DateTime? FinishedAt, bool IsPastDue);

internal static class TimerRuns
{
    public static async Task<List<TimerRun>> ReadAsync(AppFixture app)
    {
        await using var conn = new NpgsqlConnection(app.OwnerConnectionString);
        return (await conn.QueryAsync<TimerRun>("""
            select run_id as "RunId", started_at as "StartedAt", finished_at as "FinishedAt", is_past_due as "IsPastDue"
            from local_host_timer_runs order by started_at
            """)).ToList();
    }

    /// <summary>Every run finished, and each began only after the one before it ended.</summary>
    public static void AssertNoOverlap(IReadOnlyList<TimerRun> runs)
    {
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
        for (var i = 1; i < runs.Count; i++)
            Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt,
                $"run {i} started at {runs[i].StartedAt:O}, before run {i - 1} finished at {runs[i - 1].FinishedAt:O}");
    }
}

/// <summary>Issue 3: timers fire on their CRON schedule (from an app setting) and never overlap themselves.</summary>
public class LocalHostTimerTests(LocalHostTimerTests.EverySecondHost app) : IClassFixture<LocalHostTimerTests.EverySecondHost>
{
    public sealed class EverySecondHost : LocalHostFixture
    {
        protected override string TimerSchedule => "* * * * * *";
    }

    [Fact]
    public async Task A_timer_fires_on_its_schedule_and_runs_by_hand_never_overlap_scheduled_ones()
    {
        // Two runs by hand at once, while the schedule fires every second: all runs take turns.
        await Task.WhenAll(app.Host.RunTimerAsync("RecordRun"), app.Host.RunTimerAsync("RecordRun"));
        var runs = await Poll.UntilAsync(() => TimerRuns.ReadAsync(app), r => r.Count(x => x.FinishedAt is not null) >= 4, "four finished runs");

        TimerRuns.AssertNoOverlap(runs.Where(r => r.FinishedAt is not null).ToList());
        Assert.All(runs, r => Assert.False(r.IsPastDue));
        Assert.Contains(app.Host.Invocations.Snapshot(), i => i.Function == "RecordRun" && i.Trigger.StartsWith("timer, scheduled", StringComparison.Ordinal));
        Assert.Contains(app.Host.Invocations.Snapshot(), i => i.Function == "RecordRun" && i.Trigger.StartsWith("run by hand", StringComparison.Ordinal));
    }
}

/// <summary>Issue 3: an occurrence missed while the host was down runs at start with IsPastDue.</summary>
public class LocalHostPastDueTimerTests(LocalHostPastDueTimerTests.MissedRunHost app) : IClassFixture<LocalHostPastDueTimerTests.MissedRunHost>
{
    public sealed class MissedRunHost : LocalHostFixture
    {
        public DateTime MissedAt { get; } = DateTime.UtcNow.AddHours(-1);

        // What a host that stopped an hour before its next occurrence left behind.
        protected override async Task BeforeHostStartsAsync()
        {
            var app = FunctionApp.Load(Configuration, AppDirectory);
            var store = new TimerStatusStore(Services.GetRequiredService<BlobServiceClient>(), HostId);
            await store.WriteAsync(app.Timer("RecordRun"), new TimerStatus(MissedAt.AddDays(-1), MissedAt, MissedAt.AddDays(-1)), CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_missed_occurrence_runs_once_at_start_with_IsPastDue_and_the_status_moves_on()
    {
        var runs = await Poll.UntilAsync(() => TimerRuns.ReadAsync(app), r => r.Any(x => x.FinishedAt is not null), "the past-due run");
        Assert.True(Assert.Single(runs).IsPastDue);

        var store = new TimerStatusStore(app.Services.GetRequiredService<BlobServiceClient>(), app.HostId);
        var status = await Poll.UntilAsync(() => store.ReadAsync(app.Host.App.Timer("RecordRun"), CancellationToken.None),
            s => s is not null && s.Next > DateTime.UtcNow, "the status to name the next occurrence");
        Assert.True(status!.Last > app.MissedAt);
    }
}
