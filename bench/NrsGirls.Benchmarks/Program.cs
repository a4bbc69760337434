using NrsGirls.Benchmarks;

// Usage: dotnet run -c Release --project bench/NrsGirls.Benchmarks -- [copy|plans|fanout|all] [--rows N] [--followers N]
// Uses the POSTGRES_* settings (local.settings.json or the environment) with a scratch database.
Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true; // as AddNrsGirlsShared sets it for the app
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var rowsArg = Array.IndexOf(args, "--rows");
var rows = rowsArg >= 0 && rowsArg + 1 < args.Length ? int.Parse(args[rowsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
if (what is "copy" or "all") await CopyBenchmark.RunAsync(rows);
if (what is "plans" or "all") await QueryPlans.RunAsync();
var followersArg = Array.IndexOf(args, "--followers");
var followers = followersArg >= 0 && followersArg + 1 < args.Length ? int.Parse(args[followersArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
if (what is "fanout" or "all") await FanOutBenchmark.RunAsync(followers);
