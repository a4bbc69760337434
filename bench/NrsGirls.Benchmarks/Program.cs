using NrsGirls.Benchmarks;

// Usage: dotnet run -c Release --project bench/NrsGirls.Benchmarks -- [copy|plans|tracks|all] [--rows N]
// Uses the POSTGRES_* settings (local.settings.json or the environment) with a scratch database.
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var rowsArg = Array.IndexOf(args, "--rows");
var rows = rowsArg >= 0 && rowsArg + 1 < args.Length ? int.Parse(args[rowsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
if (what is "copy" or "all") await CopyBenchmark.RunAsync(rows);
if (what is "plans" or "all") await QueryPlans.RunAsync();
if (what is "tracks" or "all") await TrackSearchPlans.RunAsync(Math.Min(rows, 200_000)); // Tracks (issue 9)
