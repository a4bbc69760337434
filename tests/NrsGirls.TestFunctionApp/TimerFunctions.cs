using Dapper;
using Microsoft.Azure.Functions.Worker;
using Npgsql;

namespace NrsGirls.TestFunctionApp;

public sealed class RecordRunTimer(NpgsqlDataSource postgres, TimeProvider clock)
{
    /// <summary>How long a run lasts: long enough that two runs started together would overlap.</summary>
    public static readonly TimeSpan RunTime = TimeSpan.FromMilliseconds(400);

    /// <summary>Records each run's start, end and IsPastDue, so tests can check runs never overlap.</summary>
    [Function(nameof(RecordRun))]
    public async Task RecordRun([TimerTrigger("%TESTAPP_TIMER_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var runId = Guid.NewGuid();
        await using var conn = await postgres.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into local_host_timer_runs (run_id, started_at, is_past_due) values (@runId, @now, @pastDue)",
            new { runId, now = clock.GetUtcNow(), pastDue = timer.IsPastDue }, cancellationToken: ct));
        await Task.Delay(RunTime, clock, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update local_host_timer_runs set finished_at = @now where run_id = @runId",
            new { runId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }
}
