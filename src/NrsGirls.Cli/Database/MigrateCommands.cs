using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Cli.Database;

/// <summary>`nrsgirls db migrate up|down|status|create` (the seed's migrate:up, migrate:down, migrate:create).</summary>
public static class MigrateCommands
{
    public static Command Build()
    {
        var dirOption = new Option<DirectoryInfo?>("--dir")
        {
            Description = "Read migrations from this folder instead of those built into the tool.",
        };

        var to = new Option<int?>("--to") { Description = "Apply up to and including this migration number." };
        var up = new Command("up", "Apply every pending migration (or up to --to).") { to, dirOption };
        up.SetAction(async (parse, ct) =>
        {
            await using var ctx = CliContext.Create();
            var applied = await Runner(ctx, parse.GetValue(dirOption)).UpAsync(parse.GetValue(to), ct);
            Console.WriteLine(applied.Count == 0 ? "Nothing to apply: the database is up to date." : $"Applied {applied.Count} migration(s).");
            var mongo = ctx.Services.GetRequiredService<MongoStore>();
            if (mongo.IsConfigured)
            {
                var created = await MongoSchema.EnsureAsync(mongo.Database!, ct);
                Console.WriteLine($"MongoDB: {created} collection(s) created, {MongoSchema.Indexes.Count} indexes ensured.");
            }
            else Console.WriteLine("MongoDB: not configured (MONGODB_URI is empty); collections and indexes skipped.");
            return 0;
        });

        var steps = new Option<int>("--steps") { Description = "How many applied migrations to revert.", DefaultValueFactory = _ => 1 };
        var down = new Command("down", "Revert the last applied migration (or --steps N).") { steps, dirOption };
        down.SetAction(async (parse, ct) =>
        {
            await using var ctx = CliContext.Create();
            var reverted = await Runner(ctx, parse.GetValue(dirOption)).DownAsync(parse.GetValue(steps), ct);
            Console.WriteLine(reverted.Count == 0 ? "Nothing to revert." : $"Reverted {string.Join(", ", reverted.Select(m => m.FileName))}.");
            return 0;
        });

        var status = new Command("status", "List migrations: applied, pending, changed.") { dirOption };
        status.SetAction(async (parse, ct) =>
        {
            await using var ctx = CliContext.Create();
            var rows = await Runner(ctx, parse.GetValue(dirOption)).StatusAsync(ct);
            foreach (var r in rows)
            {
                var state = r.FileMissing ? "applied, FILE MISSING" : r.Changed ? "applied, FILE CHANGED" : r.Applied ? $"applied {r.AppliedAt:u}" : "pending";
                Console.WriteLine($"{r.Version:D3}_{r.Name,-40} {state}");
            }
            return rows.Any(r => r.Changed || r.FileMissing) ? 1 : 0;
        });

        var name = new Argument<string>("name") { Description = "What the migration does, for example add_tips_index." };
        var create = new Command("create", "Write a new numbered migration file with an up and a down part.") { name, dirOption };
        create.SetAction(parse =>
        {
            var dir = parse.GetValue(dirOption)?.FullName ?? DefaultSourceDirectory();
            Console.WriteLine($"Created {MigrationRunner.Create(dir, parse.GetValue(name)!)}");
            return 0;
        });

        return new Command("migrate", "Apply, revert, list and create PostgreSQL migrations.") { up, down, status, create };
    }

    private static MigrationRunner Runner(CliContext ctx, DirectoryInfo? dir) =>
        new(PostgresConnections.ConnectionString(ctx.Options.Postgres, owner: true),
            dir is null ? Migration.Embedded() : Migration.FromDirectory(dir.FullName), ctx.Logger);

    private static string DefaultSourceDirectory()
    {
        var root = CliConfiguration.FindRepositoryRoot()
                   ?? throw new MigrationException("Run `migrate create` inside the repository, or pass --dir.");
        return Path.Combine(root, "src", "NrsGirls.Shared", "Postgres", "Migrations");
    }
}
