using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db seed [all|users|tracks|streams] [--scale N]` (the seed's npm run seed, seed:users, seed:tracks).</summary>
public static class SeedCommands
{
    public static Command Build()
    {
        var part = new Argument<string>("part")
        {
            Description = "What to seed: all, users, tracks or streams (tracks and streams bring their creators).",
            DefaultValueFactory = _ => "all",
        };
        part.AcceptOnlyFromAmong("all", "users", "tracks", "streams");
        var scale = new Option<int?>("--scale") { Description = "Also generate a large data set: N users, N/10 streams, 10·N transactions (binary COPY)." };
        var cmd = new Command("seed", "Load development seed data; running it twice adds nothing.") { part, scale };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var ctx = CliContext.Create();
            await using var owner = PostgresConnections.CreateDataSource(PostgresConnections.ConnectionString(ctx.Options.Postgres, owner: true));
            var hash = SeedPasswords.Hasher(ctx.Services);
            foreach (var r in await new Seeder(owner, hash).SeedAsync(parse.GetValue(part)!, ct))
                Console.WriteLine($"seed {r.Part,-8} {r.Added} added");
            Console.WriteLine($"Every seeded account signs in with the development password '{Seeder.DevPassword}' (for example {Seeder.Users[1].Email}).");

            if (parse.GetValue(scale) is { } n)
            {
                var sw = Stopwatch.StartNew();
                using var progress = CliProgress.Start("seed --scale");
                var report = await new ScaleSeeder(owner, hash, ctx.Options.Payments.PlatformFeeRate).SeedAsync(n, ct, progress);
                progress.Done();
                Console.WriteLine(report is null
                    ? "scale data already present: nothing added."
                    : $"scale: {report.Users} users ({report.Profiles} creators) in {report.UsersTime.TotalSeconds:0.0} s, " +
                      $"{report.Streams} streams in {report.StreamsTime.TotalSeconds:0.0} s, " +
                      $"{report.Transactions} transactions in {report.TransactionsTime.TotalSeconds:0.0} s; total {sw.Elapsed.TotalSeconds:0.0} s with ANALYZE");
            }
            return 0;
        });
        return cmd;
    }
}
