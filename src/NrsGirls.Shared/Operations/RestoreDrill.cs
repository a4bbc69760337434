using System.Diagnostics;

namespace NrsGirls.Shared.Operations;

public sealed record DrillReport(bool Ok, string? Period, string ScratchDatabase, TimeSpan Elapsed, long Rows, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>
/// Proves the newest backup restores: restores it into a scratch database, runs the registered
/// <see cref="IRestoreCheck"/>s (row counts, and the ledger audit once registered), times it, drops the
/// scratch database whatever happened, and records the outcome in operation_runs ('restore_drill'),
/// which deep health reads. A failed drill is logged as an error.
/// </summary>
public sealed class RestoreDrill(
    BackupSets sets,
    RestoreService restore,
    OperationsStore runs,
    PostgresOptions postgres,
    TimeProvider clock,
    ILogger<RestoreDrill> logger)
{
    public async Task<DrillReport> RunAsync(IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var started = clock.GetUtcNow();
        // One drill at a time per database: each restores the whole newest set into a scratch database.
        await using var running = await OperationLock.TryTakeAsync(postgres, OperationsStore.RestoreDrill, ct);
        if (running is null)
            return new DrillReport(false, null, "", sw.Elapsed, 0, ["another restore drill is running against this database; skipped"], []);
        var scratch = $"{ScratchPrefix(postgres.Database)}{started:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        var period = started.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var id = await runs.ClaimAsync(OperationsStore.RestoreDrill, period, started, TimeSpan.FromHours(6), ct)
                 ?? throw new InvalidOperationException("A drill with this start time is already recorded.");
        DrillReport report;
        try
        {
            var newest = await sets.NewestCompleteAsync(ct);
            if (newest is null)
                report = new DrillReport(false, null, scratch, sw.Elapsed, 0, ["no complete backup set to restore"], []);
            else
            {
                var r = await restore.RestoreAsync(newest.Period, scratch, force: false, null, progress, ct);
                report = new DrillReport(r.Ok, newest.Period, scratch, sw.Elapsed, r.Rows, r.Problems, r.Notes);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            report = new DrillReport(false, null, scratch, sw.Elapsed, 0, [ex.GetType().Name + ": " + ex.Message], []);
        }
        finally
        {
            await DropAsync(scratch);
        }
        report = report with { Elapsed = sw.Elapsed };
        var detail = JsonSerializer.Serialize(new { set = report.Period, rows = report.Rows, seconds = Math.Round(report.Elapsed.TotalSeconds, 1), report.Problems });
        if (report.Ok)
        {
            await runs.CompleteAsync(id, clock.GetUtcNow(), report.Period, null, false, detail, ct);
            logger.LogInformation("Restore drill of {Period} passed: {Rows} rows in {Seconds:0.0} s", report.Period, report.Rows, report.Elapsed.TotalSeconds);
        }
        else
        {
            await runs.FailAsync(id, clock.GetUtcNow(), string.Join("; ", report.Problems), detail, CancellationToken.None);
            logger.LogError("Restore drill FAILED ({Period}): {Problems}", report.Period ?? "no set", string.Join("; ", report.Problems));
        }
        return report;
    }

    /// <summary>Scratch databases are named after the source so a leftover is easy to recognise.</summary>
    public static string ScratchPrefix(string database)
    {
        var clean = new string(database.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return (clean.Length > 20 ? clean[..20] : clean) + "_drill_";
    }

    private async Task DropAsync(string scratch)
    {
        try
        {
            await using var admin = new NpgsqlConnection(PostgresConnections.Unpooled(postgres, owner: true, database: "postgres"));
            await admin.ExecuteAsync($"drop database if exists {PostgresCatalog.Quote(scratch)} with (force)");
        }
        catch (Exception ex) { logger.LogWarning(ex, "Could not drop the drill's scratch database {Database}", scratch); }
    }
}
