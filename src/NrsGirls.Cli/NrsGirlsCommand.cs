using NrsGirls.Cli.Database;
using NrsGirls.Cli.Local;

namespace NrsGirls.Cli;

/// <summary>The `nrsgirls` command tree. Each feature adds its commands in its own file.</summary>
public static class NrsGirlsCommand
{
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("NrsGirls backend operations: database, local services, jobs.");
        var db = new Command("db", "PostgreSQL and MongoDB: migrations, seed data, backups.")
        {
            MigrateCommands.Build(environment),
            AppLoginCommand.Build(environment),
            SeedCommands.Build(environment),
        };
        foreach (var c in BackupCommands.Build(environment).Concat(StatsCommands.Build(environment)).Append(ArchiveCommands.Build(environment))) db.Subcommands.Add(c); // operations: backup, restore, restore-drill, stats, health, archive
        root.Subcommands.Add(db);
        root.Subcommands.Add(LocalCommands.Build(environment));
        root.Subcommands.Add(Hosting.ServeCommands.Build(environment));
        root.Subcommands.Add(Hosting.ServeCommands.BuildJobs(environment));
        root.Subcommands.Add(Accounts.UsersCommands.Build(environment));
        root.Subcommands.Add(Payments.MoneyCommands.Build(environment));
        return root;
    }

    /// <summary>The process's run: its settings, standard input and console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliEnvironment.Process(), Console.Out, Console.Error);

    /// <summary>A run with the given environment; the commands write to <paramref name="output"/> and <paramref name="error"/> only.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return await Build(environment).Parse(args).InvokeAsync(invocation);
        }
        catch (Exception ex) when (ex is ConfigurationException or MigrationException or LocalServiceException or NrsGirls.Shared.Operations.RestoreException or NrsGirls.Shared.Operations.BackupIntegrityException)
        {
            // Expected failures: a clear message and exit code 2, never a stack trace.
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Azure.RequestFailedException or StackExchange.Redis.RedisException)
        {
            // A store that cannot be reached or refuses: one line naming it (operations commands run unattended).
            await error.WriteLineAsync(ExceptionText.OneLine(ex));
            return 2;
        }
    }
}
