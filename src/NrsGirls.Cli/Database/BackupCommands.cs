using NrsGirls.Shared.Operations;

namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db backup run|list`, `db restore &lt;set&gt; --into &lt;database&gt;` and `db restore-drill`.</summary>
public static class BackupCommands
{
    public static IEnumerable<Command> Build(CliEnvironment environment) => [Backup(environment), Restore(environment), Drill(environment)];

    private static Command Backup(CliEnvironment environment)
    {
        var period = new Option<string?>("--period") { Description = "The set's period (default: today, UTC). One set per period." };
        var run = new Command("run", "Write an encrypted backup set of every table (and MongoDB collection) now, then apply retention.") { period };
        run.SetAction(environment, async (ctx, ct) =>
        {
            using var progress = CliProgress.Start("backup", ctx.Out);
            var r = await ctx.AppServices.GetRequiredService<BackupService>().RunAsync(ctx.Parse.GetValue(period), progress, ct);
            progress.Done();
            await ctx.Out.WriteLineAsync($"backup {r.Status}: set {r.Period}, {r.Parts} parts, {r.Rows:N0} rows, {Size(r.Bytes)} in {r.Elapsed.TotalSeconds:0.0} s" +
                              (r.Suspicious ? ", SUSPICIOUS (under half the previous set)" : "") +
                              (r.DeletedByRetention.Count > 0 ? $", retention deleted {string.Join(", ", r.DeletedByRetention)}" : "") +
                              (r.Reason is null ? "" : $" ({r.Reason})"));
            return r.Failed ? 1 : 0;
        });

        var list = new Command("list", "List backup sets: complete (manifest written) or not, size, and the run's status.");
        list.SetAction(environment, async (ctx, ct) =>
        {
            var sets = await ctx.AppServices.GetRequiredService<BackupSets>().ListAsync(ct);
            var runs = (await ctx.AppServices.GetRequiredService<OperationsStore>().RecentAsync(OperationsStore.Backup, 200, ct)).ToDictionary(r => r.Period);
            var periods = sets.Select(s => s.Period).Union(runs.Keys).OrderDescending(StringComparer.Ordinal).ToList();
            foreach (var p in periods)
            {
                var manifest = sets.FirstOrDefault(s => s.Period == p).Manifest;
                runs.TryGetValue(p, out var run);
                var state = manifest is not null ? "complete" : run?.Status == "running" ? "RUNNING" : "INCOMPLETE";
                await ctx.Out.WriteLineAsync($"{p,-24} {state,-11} {Size(manifest?.TotalBytes ?? run?.SizeBytes ?? 0),10} " +
                                  $"{(manifest is null ? "" : $"{manifest.Tables.Sum(t => t.Rows):N0} rows, schema {manifest.SchemaVersion:D3}, key {manifest.KeyId}")}" +
                                  $"{(manifest?.Suspicious == true ? "  SUSPICIOUS" : "")}{(run?.Error is { } e ? "  failed: " + e : "")}");
            }
            var incomplete = periods.Count(p => sets.All(s => s.Period != p || s.Manifest is null));
            await ctx.Out.WriteLineAsync($"{periods.Count} set(s), {incomplete} not complete.");
            return 0;
        });
        return new Command("backup", "Encrypted backups to the 'backups' blob container.") { run, list };
    }

    private static Command Restore(CliEnvironment environment)
    {
        var set = new Argument<string>("set") { Description = "The set's period, as `db backup list` shows it." };
        var into = new Option<string>("--into") { Description = "Target database (created when missing; must be empty).", Required = true };
        var force = new Option<bool>("--force") { Description = "Restore even when the set's migration checksums differ from this build's." };
        var from = new Option<string?>("--from-database") { Description = "Restore a set of another database (default: POSTGRES_DB)." };
        var cmd = new Command("restore", "Restore a backup set into an empty database, verifying every part and the row counts.") { set, into, force, from };
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            using var progress = CliProgress.Start("restore", ctx.Out);
            var r = await ctx.AppServices.GetRequiredService<RestoreService>().RestoreAsync(ctx.Parse.GetValue(set)!, ctx.Parse.GetValue(into)!,
                ctx.Parse.GetValue(force), ctx.Parse.GetValue(from), progress, ct);
            progress.Done();
            foreach (var n in r.Notes) await ctx.Out.WriteLineAsync("note: " + n);
            foreach (var p in r.Problems) await ctx.Out.WriteLineAsync("PROBLEM: " + p);
            await ctx.Out.WriteLineAsync($"restore {(r.Ok ? "ok" : "FAILED")}: set {r.Period} into {r.Database}, {r.Rows:N0} rows in {r.Elapsed.TotalSeconds:0.0} s, {r.Problems.Count} problem(s)");
            return r.Ok ? 0 : 1;
        });
        return cmd;
    }

    private static Command Drill(CliEnvironment environment)
    {
        var cmd = new Command("restore-drill", "Restore the newest set into a scratch database, check it (row counts, ledger audit), time it, drop it.");
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            using var progress = CliProgress.Start("restore-drill", ctx.Out);
            var r = await ctx.AppServices.GetRequiredService<RestoreDrill>().RunAsync(progress, ct);
            progress.Done();
            foreach (var p in r.Problems) await ctx.Out.WriteLineAsync("PROBLEM: " + p);
            await ctx.Out.WriteLineAsync($"restore-drill {(r.Ok ? "passed" : "FAILED")}: set {r.Period ?? "none"}, {r.Rows:N0} rows in {r.Elapsed.TotalSeconds:0.0} s (scratch {r.ScratchDatabase} dropped)");
            return r.Ok ? 0 : 1;
        });
        return cmd;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
