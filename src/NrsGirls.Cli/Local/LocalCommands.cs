using System.CommandLine;
using Npgsql;
using NrsGirls.Shared.Configuration;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Cli.Local;

/// <summary>
/// `nrsgirls local up|down|status`: the development services on 127.0.0.1, kept under the repository's
/// ignored .local folder. `up` is idempotent: running services are left alone.
/// </summary>
public static class LocalCommands
{
    public static Command Build()
    {
        var up = new Command("up", "Start PostgreSQL, Redis and Azurite for development; create the database and apply migrations.");
        up.SetAction(async (_, ct) =>
        {
            await using var ctx = CliContext.Create();
            await UpAsync(ctx.Options, ct);
            return 0;
        });
        var down = new Command("down", "Stop the development services (their data stays in .local).");
        down.SetAction(async _ =>
        {
            await using var ctx = CliContext.Create();
            await DownAsync(ctx.Options);
            return 0;
        });
        var status = new Command("status", "Say which development services are listening.");
        status.SetAction(async _ =>
        {
            await using var ctx = CliContext.Create();
            var o = ctx.Options;
            var (blob, queue, _) = AzuritePorts(o.Storage.ConnectionString ?? "UseDevelopmentStorage=true");
            foreach (var (name, port) in new[] { ("postgres", o.Postgres.Port), ("redis", o.Redis.Port), ("azurite-blob", blob), ("azurite-queue", queue) })
                Console.WriteLine($"{name,-14} 127.0.0.1:{port}  {(await LocalProcess.IsListeningAsync(port) ? "listening" : "not running")}");
            return 0;
        });
        return new Command("local", "Development services on 127.0.0.1 (PostgreSQL, Redis, Azurite).") { up, down, status };
    }

    private static string LocalDir(string name)
    {
        var root = CliConfiguration.FindRepositoryRoot()
                   ?? throw new LocalServiceException("Run `nrsgirls local …` inside the repository (NrsGirls.sln was not found).");
        return Path.Combine(root, ".local", name);
    }

    /// <summary>
    /// The development cluster's folder: .local/postgres, unless we run as root in a checkout the
    /// 'postgres' user cannot enter (a clone under /root, or a mode-700 temp folder). PostgreSQL then
    /// keeps its data under /var/lib/nrsgirls-dev/&lt;checkout hash&gt;, one cluster per checkout.
    /// </summary>
    private static async Task<string> PostgresDirAsync()
    {
        var preferred = LocalDir("postgres");
        if (!LocalProcess.IsRoot) return preferred;
        var root = Path.GetDirectoryName(Path.GetDirectoryName(preferred))!;
        try
        {
            await LocalProcess.RunAsync("runuser", ["-u", "postgres", "--", "test", "-x", root]);
            return preferred;
        }
        catch (LocalServiceException)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12];
            return Path.Combine("/var/lib/nrsgirls-dev", hash, "postgres");
        }
    }

    public static async Task UpAsync(NrsGirlsOptions o, CancellationToken ct)
    {
        var root = CliConfiguration.FindRepositoryRoot()!;
        RequireLoopback(o.Postgres.Host, SettingNames.PostgresHost);
        RequireLoopback(o.Redis.Host, SettingNames.RedisHost);

        var pg = await LocalServices.StartPostgresAsync(await PostgresDirAsync(), o.Postgres.Port, o.Postgres.User, o.Postgres.Password, fast: false);
        await LocalServices.EnsureDatabaseAsync(pg, o.Postgres.Database);
        Console.WriteLine($"postgres  listening on 127.0.0.1:{o.Postgres.Port} (database {o.Postgres.Database}, data in {await PostgresDirAsync()})");

        if (!await LocalProcess.IsListeningAsync(o.Redis.Port))
            await LocalServices.StartRedisAsync(LocalDir("redis"), o.Redis.Port, daemonize: true);
        Console.WriteLine($"redis     listening on 127.0.0.1:{o.Redis.Port}");

        var (blob, queue, table) = AzuritePorts(o.Storage.ConnectionString ?? "UseDevelopmentStorage=true");
        if (!await LocalProcess.IsListeningAsync(queue))
        {
            var dir = LocalDir("azurite");
            Directory.CreateDirectory(dir);
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            // setsid + nohup: Azurite outlives this command, detached from its terminal.
            var cmd = $"setsid nohup '{LocalServices.AzuritePath(root)}' --silent --location '{dir}' " +
                      $"--blobHost 127.0.0.1 --blobPort {blob.ToString(inv)} --queueHost 127.0.0.1 --queuePort {queue.ToString(inv)} " +
                      $"--tableHost 127.0.0.1 --tablePort {table.ToString(inv)} --skipApiVersionCheck --loose " +
                      $"> '{dir}/azurite.log' 2>&1 < /dev/null & echo $! > '{dir}/azurite.pid'";
            await LocalProcess.RunAsync("bash", ["-c", cmd]);
            await LocalProcess.WaitForPortAsync(queue, "Azurite", Path.Combine(dir, "azurite.log"), TimeSpan.FromSeconds(30));
        }
        Console.WriteLine($"azurite   listening on 127.0.0.1:{blob} (blob), {queue} (queue), {table} (table)");

        var applied = await new MigrationRunner(PostgresConnections.ConnectionString(o.Postgres, owner: true), Migration.Embedded()).UpAsync(ct: ct);
        Console.WriteLine($"migrations: {applied.Count} applied, database up to date");
        if (o.Postgres.AppUser is not null)
        {
            await AppLogin.EnsureAsync(o.Postgres, ct);
            Console.WriteLine($"app login '{o.Postgres.AppUser}' is a member of nrsgirls_readwrite");
        }
    }

    public static async Task DownAsync(NrsGirlsOptions o)
    {
        await LocalServices.StopPostgresAsync(await PostgresDirAsync());
        foreach (var (name, pidFile) in new[] { ("redis", LocalDir("redis") + "/redis.pid"), ("azurite", LocalDir("azurite") + "/azurite.pid") })
        {
            if (!File.Exists(pidFile)) continue;
            if (int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
                catch (ArgumentException) { /* already gone */ }
            }
            File.Delete(pidFile);
            Console.WriteLine($"{name} stopped");
        }
        Console.WriteLine("postgres stopped");
    }

    /// <summary>Blob, queue and table ports of the storage connection string (Azurite's defaults for UseDevelopmentStorage=true).</summary>
    public static (int Blob, int Queue, int Table) AzuritePorts(string connectionString)
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)) return (10000, 10001, 10002);
        static int Port(string cs, string key, int fallback)
        {
            var part = cs.Split(';').FirstOrDefault(p => p.StartsWith(key + "=", StringComparison.OrdinalIgnoreCase));
            return part is not null && Uri.TryCreate(part[(key.Length + 1)..], UriKind.Absolute, out var u) ? u.Port : fallback;
        }
        return (Port(connectionString, "BlobEndpoint", 10000), Port(connectionString, "QueueEndpoint", 10001), Port(connectionString, "TableEndpoint", 10002));
    }

    private static void RequireLoopback(string host, string setting)
    {
        if (host is not ("127.0.0.1" or "localhost" or "::1"))
            throw new LocalServiceException($"`nrsgirls local` starts services on this machine only; {setting} is '{host}'. Set it to 127.0.0.1.");
    }
}

/// <summary>The run-time login (POSTGRES_APP_USER), created or updated as a member of nrsgirls_readwrite.</summary>
public static class AppLogin
{
    public static async Task EnsureAsync(PostgresOptions o, CancellationToken ct)
    {
        if (o.AppUser is null || o.AppPassword is null) return;
        await using var conn = new NpgsqlConnection(PostgresConnections.ConnectionString(o, owner: true));
        await conn.OpenAsync(ct);
        // Role names and passwords cannot be bound as parameters in DDL; quote them as identifier and literal.
        var role = QuoteIdent(o.AppUser);
        var password = QuoteLiteral(o.AppPassword);
        await using var cmd = new NpgsqlCommand($"""
            do $$ begin
              if not exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
                raise exception 'Role nrsgirls_readwrite does not exist: apply the migrations first (nrsgirls db migrate up).';
              end if;
              if exists (select from pg_roles where rolname = {QuoteLiteral(o.AppUser)}) then
                alter role {role} with login password {password} nocreatedb nocreaterole;
              else
                create role {role} with login password {password} nocreatedb nocreaterole;
              end if;
              grant nrsgirls_readwrite to {role};
            end $$;
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string QuoteIdent(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    private static string QuoteLiteral(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
