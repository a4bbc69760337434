using NrsGirls.Shared.Payments;

namespace NrsGirls.Cli.Payments;

/// <summary>`nrsgirls money check`: the ledger's invariants (<see cref="LedgerAudit"/>); exit 1 listing every violation.</summary>
public static class MoneyCommands
{
    /// <summary>Needs the POSTGRES_* settings only; reads as the app's login.</summary>
    public static Command Build(CliEnvironment environment)
    {
        var check = new Command("check", "Check the ledger's invariants; exit 1 and list every violation when one is broken.");
        check.SetAction(environment, async (ctx, ct) =>
        {
            await using var db = PostgresConnections.CreateDataSource(PostgresConnections.ConnectionString(ctx.Postgres));
            await using var conn = await db.OpenConnectionAsync(ct);
            var violations = await LedgerAudit.CheckAsync(conn, ct);
            if (violations.Count == 0)
            {
                await ctx.Out.WriteLineAsync("Ledger OK: no violations.");
                return 0;
            }
            foreach (var v in violations) await ctx.Error.WriteLineAsync(v.ToString());
            await ctx.Error.WriteLineAsync($"{violations.Count} ledger violation(s).");
            return 1;
        });
        return new Command("money", "Money: ledger checks.") { check };
    }
}
