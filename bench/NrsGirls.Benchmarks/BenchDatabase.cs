using NrsGirls.Cli;

namespace NrsGirls.Benchmarks;

/// <summary>A scratch database, migrated, on the configured server (never the app's own database).</summary>
public static class BenchDatabase
{
    /// <summary>The configured PostgreSQL server (local.settings.json or the environment); no other setting is needed.</summary>
    public static PostgresOptions Server() => SettingsBinder.Only(CliConfiguration.Build(), SettingsBinder.BindPostgres);

    public static async Task<string> CreateAsync(string name)
    {
        var o = Server();
        await using (var admin = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true, database: "postgres")))
        {
            await admin.ExecuteAsync($"drop database if exists {name} with (force)");
            await admin.ExecuteAsync($"create database {name}");
        }
        var cs = PostgresConnections.ConnectionString(o, owner: true, database: name);
        await new MigrationRunner(cs, Migration.Embedded()).UpAsync();
        return cs;
    }

    /// <summary>Runs <paramref name="benchmark"/> on a fresh scratch database (given its connection string), dropped afterwards whatever happened.</summary>
    public static async Task UseAsync(string name, Func<string, Task> benchmark)
    {
        var cs = await CreateAsync(name);
        try { await benchmark(cs); }
        finally { await DropAsync(name); }
    }

    /// <summary>Runs one psql command against the database of <paramref name="cs"/> (stopping at the first error), as the anchors of the benchmarks do.</summary>
    public static Task PsqlAsync(string psql, string cs, string command)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        return LocalProcess.RunAsync(psql, ["-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database!,
            "-v", "ON_ERROR_STOP=1", "-c", command],
            env: new Dictionary<string, string> { ["PGPASSWORD"] = b.Password ?? "" }, timeout: TimeSpan.FromMinutes(20));
    }

    public static async Task DropAsync(string name)
    {
        var o = Server();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true, database: "postgres"));
        await admin.ExecuteAsync($"drop database if exists {name} with (force)");
    }
}
