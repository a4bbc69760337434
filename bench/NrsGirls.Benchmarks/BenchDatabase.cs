using Dapper;
using Npgsql;
using NrsGirls.Cli;
using NrsGirls.Shared.Configuration;
using NrsGirls.Shared.Postgres;

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

    public static async Task DropAsync(string name)
    {
        var o = Server();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true, database: "postgres"));
        await admin.ExecuteAsync($"drop database if exists {name} with (force)");
    }
}
