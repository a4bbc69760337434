using System.CommandLine;
using NrsGirls.Cli.Database;
using NrsGirls.Cli.Local;
using NrsGirls.Shared.Configuration;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Cli;

/// <summary>The `nrsgirls` command tree. Each feature adds its commands in its own file.</summary>
public static class NrsGirlsCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("NrsGirls backend operations: database, local services, jobs.");
        var db = new Command("db", "PostgreSQL and MongoDB: migrations, seed data, backups.")
        {
            MigrateCommands.Build(),
            CreateAppLoginCommand(),
            SeedCommands.Build(),
        };
        root.Subcommands.Add(db);
        root.Subcommands.Add(LocalCommands.Build());
        root.Subcommands.Add(Hosting.ServeCommands.Build());
        root.Subcommands.Add(Hosting.ServeCommands.BuildJobs());
        root.Subcommands.Add(Accounts.UsersCommands.Build());
        root.Subcommands.Add(Payments.MoneyCommands.Build());
        return root;
    }

    private static Command CreateAppLoginCommand()
    {
        var cmd = new Command("create-app-login",
            "Create or update the run-time login POSTGRES_APP_USER (password POSTGRES_APP_PASSWORD) as a member of nrsgirls_readwrite.");
        cmd.SetAction(async (_, ct) =>
        {
            await using var ctx = CliContext.Create();
            if (ctx.Options.Postgres.AppUser is null)
                throw new ConfigurationException([$"{SettingNames.PostgresAppUser} is not set: there is no app login to create."]);
            await AppLogin.EnsureAsync(ctx.Options.Postgres, ct);
            Console.WriteLine($"Login '{ctx.Options.Postgres.AppUser}' is a member of nrsgirls_readwrite.");
            return 0;
        });
        return cmd;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is ConfigurationException or MigrationException or LocalServiceException)
        {
            // Expected failures: a clear message and exit code 2, never a stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
