using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Cli.Payments;

/// <summary>`nrsgirls money check`: the ledger's invariants (<see cref="LedgerAudit"/>); exit 1 listing every violation.</summary>
public static class MoneyCommands
{
    public static Command Build()
    {
        var check = new Command("check", "Check the ledger's invariants; exit 1 and list every violation when one is broken.");
        check.SetAction(async (_, ct) =>
        {
            await using var ctx = CliContext.Create();
            var violations = await ctx.Services.GetRequiredService<LedgerAudit>().CheckAsync(ct);
            if (violations.Count == 0)
            {
                Console.WriteLine("Ledger OK: no violations.");
                return 0;
            }
            foreach (var v in violations) await Console.Error.WriteLineAsync(v.ToString());
            await Console.Error.WriteLineAsync($"{violations.Count} ledger violation(s).");
            return 1;
        });
        return new Command("money", "Money: ledger checks.") { check };
    }
}
