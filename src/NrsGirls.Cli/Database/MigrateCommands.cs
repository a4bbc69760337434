using NrsGirls.Shared.Mongo;

namespace NrsGirls.Cli.Database;

/// <summary>
/// `nrsgirls db migrate up|down|status|create` (the seed's migrate:up, migrate:down, migrate:create).
/// They read the POSTGRES_* settings (and `up` MONGODB_URI) only.
/// </summary>
public static class MigrateCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var dirOption = new Option<DirectoryInfo?>("--dir")
        {
            Description = "Read migrations from this folder instead of those built into the tool.",
        };

        var to = new Option<int?>("--to") { Description = "Apply up to and including this migration number." };
        var up = new Command("up", "Apply every pending migration (or up to --to).") { to, dirOption };
        up.SetAction(environment, async (ctx, ct) =>
        {
            var (postgres, mongoOptions) = ctx.Settings((c, p) => (SettingsBinder.BindPostgres(c, p), SettingsBinder.BindMongo(c, p)));
            var applied = await Runner(ctx, postgres, ctx.Parse.GetValue(dirOption)).UpAsync(ctx.Parse.GetValue(to), ct);
            await ctx.Out.WriteLineAsync(applied.Count == 0 ? "Nothing to apply: the database is up to date." : $"Applied {applied.Count} migration(s).");
            var mongo = new MongoStore(mongoOptions);
            if (mongo.IsConfigured)
            {
                var created = await MongoSchema.EnsureAsync(mongo.Database!, ct);
                await ctx.Out.WriteLineAsync($"MongoDB: {created} collection(s) created, {MongoSchema.Indexes.Count} indexes ensured.");
            }
            else await ctx.Out.WriteLineAsync("MongoDB: not configured (MONGODB_URI is empty); collections and indexes skipped.");
            return 0;
        });

        var steps = new Option<int>("--steps") { Description = "How many applied migrations to revert.", DefaultValueFactory = _ => 1 };
        var down = new Command("down", "Revert the last applied migration (or --steps N).") { steps, dirOption };
        down.SetAction(environment, async (ctx, ct) =>
        {
            var reverted = await Runner(ctx, ctx.Postgres, ctx.Parse.GetValue(dirOption)).DownAsync(ctx.Parse.GetValue(steps), ct);
            await ctx.Out.WriteLineAsync(reverted.Count == 0 ? "Nothing to revert." : $"Reverted {string.Join(", ", reverted.Select(m => m.FileName))}.");
            return 0;
        });

        var status = new Command("status", "List migrations: applied, pending, changed.") { dirOption };
        status.SetAction(environment, async (ctx, ct) =>
        {
            var rows = await Runner(ctx, ctx.Postgres, ctx.Parse.GetValue(dirOption)).StatusAsync(ct);
            foreach (var r in rows)
            {
                var state = r.FileMissing ? "applied, FILE MISSING" : r.Changed ? "applied, FILE CHANGED" : r.Applied ? $"applied {r.AppliedAt:u}" : "pending";
                await ctx.Out.WriteLineAsync($"{r.Version:D3}_{r.Name,-40} {state}");
            }
            return rows.Any(r => r.Changed || r.FileMissing) ? 1 : 0;
        });

        var name = new Argument<string>("name") { Description = "What the migration does, for example add_tips_index." };
        var create = new Command("create", "Write a new numbered migration file with an up and a down part.") { name, dirOption };
        create.SetAction(environment, async (ctx, _) =>
        {
            var dir = ctx.Parse.GetValue(dirOption)?.FullName ?? DefaultSourceDirectory();
            await ctx.Out.WriteLineAsync($"Created {MigrationRunner.Create(dir, ctx.Parse.GetValue(name)!)}");
            return 0;
        });

        return new Command("migrate", "Apply, revert, list and create PostgreSQL migrations.") { up, down, status, create };
    }

    private static MigrationRunner Runner(CliContext ctx, PostgresOptions postgres, DirectoryInfo? dir) =>
        new(PostgresConnections.ConnectionString(postgres, owner: true),
            dir is null ? Migration.Embedded() : Migration.FromDirectory(dir.FullName), ctx.Logger);

    private static string DefaultSourceDirectory()
    {
        var root = CliConfiguration.FindRepositoryRoot()
                   ?? throw new MigrationException("Run `migrate create` inside the repository, or pass --dir.");
        return Path.Combine(root, "src", "NrsGirls.Shared", "Postgres", "Migrations");
    }
}
