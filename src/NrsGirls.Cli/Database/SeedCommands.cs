using NrsGirls.Shared.Content;

namespace NrsGirls.Cli.Database;

/// <summary>
/// `nrsgirls db seed [all|users|tracks|streams] [--scale N]` (the seed's npm run seed, seed:users, seed:tracks).
/// Reads the POSTGRES_* settings and NRSGIRLS_HASHING_KEY (seeded passwords must verify as the app checks them).
/// </summary>
public static class SeedCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var part = new Argument<string>("part")
        {
            Description = "What to seed: all, users, tracks or streams (tracks and streams bring their creators).",
            DefaultValueFactory = _ => "all",
        };
        part.AcceptOnlyFromAmong("all", "users", "tracks", "streams");
        var scale = new Option<int?>("--scale") { Description = "Also generate a large data set: N users, N/10 streams, 10·N transactions (binary COPY)." };
        var cmd = new Command("seed", "Load development seed data; running it twice adds nothing.") { part, scale };
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            var (postgres, hashing, payments) = ctx.Settings((c, p) =>
                (SettingsBinder.BindPostgres(c, p), SettingsBinder.BindHashing(c, p), SettingsBinder.BindPayments(c, p)));
            await using var owner = PostgresConnections.CreateDataSource(PostgresConnections.ConnectionString(postgres, owner: true));
            var hash = SeedPasswords.Hasher(hashing);
            foreach (var r in await new Seeder(owner, hash).SeedAsync(ctx.Parse.GetValue(part)!, ct))
                await ctx.Out.WriteLineAsync($"seed {r.Part,-8} {r.Added} added");
            // Tracks (issue 9): real audio for the seeded tracks, uploaded to storage and scanned: this part needs the
            // storage account too, so it takes the app's services.
            if (ctx.Parse.GetValue(part) is "all" or "tracks")
            {
                var audio = new TrackAudioSeeder(owner, ctx.AppServices.GetRequiredService<TrackBlobs>(), ctx.AppServices.GetRequiredService<TrackScanJob>());
                await ctx.Out.WriteLineAsync($"seed {"audio",-8} {await audio.SeedAsync(ct)} uploaded and scanned");
            }
            await ctx.Out.WriteLineAsync($"Every seeded account signs in with the development password '{Seeder.DevPassword}' (for example {Seeder.Users[1].Email}).");

            if (ctx.Parse.GetValue(scale) is { } n)
            {
                var sw = Stopwatch.StartNew();
                using var progress = CliProgress.Start("seed --scale", ctx.Out);
                var report = await new ScaleSeeder(owner, hash, payments.PlatformFeeRate).SeedAsync(n, ct, progress);
                progress.Done();
                await ctx.Out.WriteLineAsync(report is null
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
