using NrsGirls.Shared.Operations;

namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db archive run|list|restore &lt;part&gt;`.</summary>
public static class ArchiveCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var run = new Command("run", "Move old ledger partitions (past the financial retention) and old MongoDB documents to the archive container.");
        run.SetAction(environment, async (ctx, ct) =>
        {
            var r = await ctx.AppServices.GetRequiredService<ArchiveService>().RunAsync(ct);
            foreach (var n in r.Notes) await ctx.Out.WriteLineAsync("note: " + n);
            foreach (var a in r.Archived) await ctx.Out.WriteLineAsync("archived " + a);
            await ctx.Out.WriteLineAsync($"archive run: {r.Archived.Count} part(s), {r.Rows:N0} rows or documents moved, {r.Skipped.Count} already done");
            return 0;
        });

        var list = new Command("list", "List archived parts and how far each got (written, verified, removed).");
        list.SetAction(environment, async (ctx, ct) =>
        {
            var parts = await ctx.AppServices.GetRequiredService<ArchiveService>().ListAsync(ct);
            foreach (var p in parts)
                await ctx.Out.WriteLineAsync($"{p.Name,-48} {p.Status,-9} {p.RowCount,12:N0} rows {BackupCommands.Size(p.SizeBytes),10}  {p.CreatedAt:u}");
            await ctx.Out.WriteLineAsync($"{parts.Count} archived part(s), {parts.Count(p => p.Status != "removed")} not yet removed from the hot store.");
            return 0;
        });

        var name = new Argument<string>("part") { Description = "The part's name as `db archive list` shows it, for example ledger/transactions_y2014m01." };
        var restore = new Command("restore", "Load an archived part back for an audit: a table archive_restore_<partition> (ledger) or a <collection>_archive_restore collection.") { name };
        restore.SetAction(environment, async (ctx, ct) =>
        {
            var (target, rows) = await ctx.AppServices.GetRequiredService<ArchiveService>().RestoreAsync(ctx.Parse.GetValue(name)!, ct);
            await ctx.Out.WriteLineAsync($"archive restore: {rows:N0} rows loaded into {target}");
            return 0;
        });
        return new Command("archive", "Cold-storage archive of old ledger partitions and MongoDB documents.") { run, list, restore };
    }
}
