using NrsGirls.Benchmarks;

// Usage: dotnet run -c Release --project bench/NrsGirls.Benchmarks -- [copy|plans|tracks|live|fanout|tips|all] [--rows N] [--scale N] [--heartbeats N] [--followers N] [--tips N] [--clients C]
// Uses the POSTGRES_* settings (local.settings.json or the environment) with a scratch database.
Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true; // as AddNrsGirlsShared sets it for the app
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var rowsArg = Array.IndexOf(args, "--rows");
var rows = rowsArg >= 0 && rowsArg + 1 < args.Length ? int.Parse(args[rowsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
if (what is "copy" or "all") await CopyBenchmark.RunAsync(rows);
if (what is "plans" or "all") await QueryPlans.RunAsync();
if (what is "tracks" or "all") await TrackSearchPlans.RunAsync(Math.Min(rows, 200_000)); // Tracks (issue 9)
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length
    ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
// live: own throwaway redis-server and PostgreSQL; --scale as for `nrsgirls db seed --scale`.
if (what is "live" or "all") await LiveBenchmark.RunAsync(Arg("--scale", 10_000), Arg("--heartbeats", 200_000));
if (what is "fanout" or "all") await FanOutBenchmark.RunAsync(Arg("--followers", 100_000));
if (what is "tips" or "all") await NrsGirls.Benchmarks.TipBenchmark.RunAsync(Arg("--tips", 20_000), Arg("--clients", 8));
