using Microsoft.Extensions.Configuration;
using NrsGirls.Cli.Database;

namespace NrsGirls.Cli.Local;

/// <summary>
/// `nrsgirls local up|down|status`: the development services on 127.0.0.1, kept under the repository's
/// ignored .local folder. `up` is idempotent: running services are left alone.
/// </summary>
public static class LocalCommands
{
    /// <summary>
    /// What `local` reads: the POSTGRES_* settings, and Redis's port and the storage connection string
    /// when they are set (the local defaults 127.0.0.1:6379 and Azurite's development storage otherwise).
    /// No encryption or hashing keys.
    /// </summary>
    public sealed record LocalSettings(PostgresOptions Postgres, RedisOptions Redis, string Storage)
    {
        public (int Blob, int Queue, int Table) Azurite => AzuritePorts(Storage);
    }

    public static LocalSettings BindLocal(IConfiguration configuration, ICollection<string> problems) => new(
        SettingsBinder.BindPostgres(configuration, problems),
        SettingsBinder.BindRedis(configuration, problems, required: false),
        configuration[SettingNames.AzureWebJobsStorage] is { Length: > 0 } storage ? storage : "UseDevelopmentStorage=true");

    public static Command Build(CliEnvironment environment)
    {
        var up = new Command("up", "Start PostgreSQL, Redis and Azurite for development; create the database and apply migrations.");
        up.SetAction(environment, async (ctx, ct) =>
        {
            await UpAsync(ctx.Settings(BindLocal), ctx.Out, ct);
            return 0;
        });
        var down = new Command("down", "Stop the development services (their data stays in .local).");
        down.SetAction(environment, async (ctx, _) =>
        {
            await DownAsync(ctx.Out);
            return 0;
        });
        var status = new Command("status", "Say which development services are listening.");
        status.SetAction(environment, async (ctx, _) =>
        {
            var o = ctx.Settings(BindLocal);
            foreach (var (name, port) in new[] { ("postgres", o.Postgres.Port), ("redis", o.Redis.Port), ("azurite-blob", o.Azurite.Blob), ("azurite-queue", o.Azurite.Queue) })
                await ctx.Out.WriteLineAsync($"{name,-14} 127.0.0.1:{port}  {(await LocalProcess.IsListeningAsync(port) ? "listening" : "not running")}");
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

    public static async Task UpAsync(LocalSettings o, TextWriter output, CancellationToken ct)
    {
        var root = CliConfiguration.FindRepositoryRoot()!;
        RequireLoopback(o.Postgres.Host, SettingNames.PostgresHost);
        RequireLoopback(o.Redis.Host, SettingNames.RedisHost);

        var pg = await LocalServices.StartPostgresAsync(await PostgresDirAsync(), o.Postgres.Port, o.Postgres.User, o.Postgres.Password, fast: false);
        await LocalServices.EnsureDatabaseAsync(pg, o.Postgres.Database);
        await output.WriteLineAsync($"postgres  listening on 127.0.0.1:{o.Postgres.Port} (database {o.Postgres.Database}, data in {await PostgresDirAsync()})");

        if (!await LocalProcess.IsListeningAsync(o.Redis.Port))
            await LocalServices.StartRedisAsync(LocalDir("redis"), o.Redis.Port, daemonize: true);
        await output.WriteLineAsync($"redis     listening on 127.0.0.1:{o.Redis.Port}");

        var (blob, queue, table) = o.Azurite;
        if (!await LocalProcess.IsListeningAsync(queue))
            await LocalServices.StartAzuriteAsync(root, LocalDir("azurite"), blob, queue, table, detached: true);
        await output.WriteLineAsync($"azurite   listening on 127.0.0.1:{blob} (blob), {queue} (queue), {table} (table)");

        var applied = await new MigrationRunner(PostgresConnections.ConnectionString(o.Postgres, owner: true), Migration.Embedded()).UpAsync(ct: ct);
        await output.WriteLineAsync($"migrations: {applied.Count} applied, database up to date");
        if (o.Postgres.AppUser is not null)
        {
            await AppLogin.EnsureAsync(o.Postgres, ct);
            await output.WriteLineAsync($"app login '{o.Postgres.AppUser}' is a member of nrsgirls_readwrite");
        }
    }

    public static async Task DownAsync(TextWriter output)
    {
        await LocalServices.StopPostgresAsync(await PostgresDirAsync());
        foreach (var (name, pidFile) in new[] { ("redis", Path.Combine(LocalDir("redis"), LocalServices.RedisPidFile)), ("azurite", Path.Combine(LocalDir("azurite"), LocalServices.AzuritePidFile)) })
            if (await LocalServices.StopRecordedAsync(pidFile)) await output.WriteLineAsync($"{name} stopped");
        await output.WriteLineAsync("postgres stopped");
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
