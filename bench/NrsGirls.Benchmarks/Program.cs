using NrsGirls.Benchmarks;

// Usage: dotnet run -c Release --project bench/NrsGirls.Benchmarks -- [copy|plans|tips|all] [--rows N] [--tips N] [--clients C]
// Uses the POSTGRES_* settings (local.settings.json or the environment) with a scratch database.
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var rowsArg = Array.IndexOf(args, "--rows");
var rows = rowsArg >= 0 && rowsArg + 1 < args.Length ? int.Parse(args[rowsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
if (what is "copy" or "all") await CopyBenchmark.RunAsync(rows);
if (what is "plans" or "all") await QueryPlans.RunAsync();
var tipsArg = Array.IndexOf(args, "--tips");
var tips = tipsArg >= 0 && tipsArg + 1 < args.Length ? int.Parse(args[tipsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var clientsArg = Array.IndexOf(args, "--clients");
var clients = clientsArg >= 0 && clientsArg + 1 < args.Length ? int.Parse(args[clientsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 8;
if (what is "tips" or "all") await NrsGirls.Benchmarks.TipBenchmark.RunAsync(tips, clients);
