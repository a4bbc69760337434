using NrsGirls.Cli.Local;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// The running services plus a migrated template database. Every test class gets its own database
/// cloned from the template (CREATE DATABASE … TEMPLATE), so classes run in parallel and never see
/// each other's rows.
/// </summary>
public sealed class TestEnvironment(
    string repoRoot, PostgresServer postgres, string redisEndpoint, string storageConnectionString,
    List<Func<Task>> cleanups, string scratch)
{
    public const string AppLogin = "nrsgirls_app_test";
    public const string AppPassword = "app_test_password";

    private readonly string _template = $"nrsgirls_template_{Environment.ProcessId}";
    private readonly SemaphoreSlim _cloneGate = new(1, 1);
    private int _stopped;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _redisDatabases = new();
    private int _nextRedisDatabase;

    /// <summary>Databases of the throwaway redis-server (started with this many); an external one may have only 16.</summary>
    public const int RedisDatabaseCount = 4096;

    public string RepoRoot { get; } = repoRoot;
    public PostgresServer Postgres { get; } = postgres;
    public string RedisEndpoint { get; } = redisEndpoint;
    public string StorageConnectionString { get; } = storageConnectionString;
    public string Scratch { get; } = scratch;
    public string TemplateDatabase => _template;

    internal async Task PrepareTemplateAsync()
    {
        await LocalServices.EnsureDatabaseAsync(Postgres, _template);
        await new MigrationRunner(Postgres.ConnectionString(_template), Migration.Embedded()).UpAsync();
        await EnsureAppLoginAsync(Postgres.ConnectionString(_template));
        // A template must have no open connections while it is cloned.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Grants the test app login in a database migrated outside the template.</summary>
    public Task EnsureAppLoginForAsync(string database) => EnsureAppLoginAsync(Postgres.ConnectionString(database));

    /// <summary>The run-time login, a member of the read-write role (when the migrations created it).</summary>
    private static async Task EnsureAppLoginAsync(string ownerConnectionString)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.ExecuteAsync($"""
            do $$ begin
              if exists (select from pg_roles where rolname = 'nrsgirls_readwrite') then
                if not exists (select from pg_roles where rolname = '{AppLogin}') then
                  create role {AppLogin} login password '{AppPassword}';
                end if;
                grant nrsgirls_readwrite to {AppLogin};
              end if;
            end $$;
            """);
    }

    /// <summary>Creates a fresh database cloned from the migrated template.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{prefix ?? "t"}_{Guid.NewGuid():N}".ToLowerInvariant();
        await _cloneGate.WaitAsync();
        try
        {
            await using var conn = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
            await conn.ExecuteAsync($"create database \"{name}\" template \"{_template}\"");
        }
        finally { _cloneGate.Release(); }
        return name;
    }

    /// <summary>Creates an empty database (no migrations), for migration tests.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"e_{Guid.NewGuid():N}";
        await using var conn = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
        await conn.ExecuteAsync($"create database \"{name}\"");
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
        await conn.ExecuteAsync($"drop database if exists \"{name}\" with (force)");
    }

    public string OwnerConnectionString(string database) => Postgres.ConnectionString(database);

    /// <summary>Every setting the app needs, pointing at these services and the given database.</summary>
    public Dictionary<string, string?> Settings(string database)
    {
        var (redisHost, redisPort) = SplitEndpoint(RedisEndpoint);
        // Each test database (so each test class) gets its own Redis database and its own queues, so
        // classes running in parallel never see each other's keys, counters or messages.
        var redisDb = _redisDatabases.GetOrAdd(database, _ => Interlocked.Increment(ref _nextRedisDatabase)
            % (Environment.GetEnvironmentVariable("NRSGIRLS_TEST_REDIS") is { Length: > 0 } ? 16 : RedisDatabaseCount));
        var queueSuffix = database.Length > 8 ? database[^8..] : database;
        return new Dictionary<string, string?>
        {
            [SettingNames.PostgresHost] = Postgres.Host,
            [SettingNames.PostgresPort] = Postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SettingNames.PostgresDb] = database,
            [SettingNames.PostgresUser] = Postgres.User,
            [SettingNames.PostgresPassword] = Postgres.Password,
            [SettingNames.PostgresSsl] = "false",
            [SettingNames.PostgresAppUser] = AppLogin,
            [SettingNames.PostgresAppPassword] = AppPassword,
            [SettingNames.DbPoolMin] = "0",
            [SettingNames.DbPoolMax] = "20",
            [SettingNames.MongoDbUri] = Environment.GetEnvironmentVariable("NRSGIRLS_TEST_MONGODB_URI") ?? "",
            [SettingNames.RedisHost] = redisHost,
            [SettingNames.RedisPort] = redisPort,
            [SettingNames.RedisPassword] = "",
            [SettingNames.RedisSsl] = "false",
            [SettingNames.RedisDatabase] = redisDb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A whole run starts dozens of classes at once on two cores; a slow moment is not an outage
            // (outage tests point at closed ports, which fail at once whatever the timeout).
            [SettingNames.RedisTimeoutMs] = "30000",
            [SettingNames.TipsQueue] = $"tips-{queueSuffix}",
            [SettingNames.NotificationsQueue] = $"notifications-{queueSuffix}",
            [SettingNames.TrackScansQueue] = $"track-scans-{queueSuffix}",
            [SettingNames.AzureWebJobsStorage] = StorageConnectionString,
            // Test-only keys: 32 bytes of fixed, obviously fake material.
            [SettingNames.EncryptionKeys] = "test1:" + Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
            [SettingNames.HashingKey] = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray()),
            [SettingNames.PlatformFeeRate] = "0.20",
            // The minimum cost keeps tests fast; production uses 12 (see the README for timings).
            [SettingNames.BcryptCost] = "4",
            // Operations: the timers' schedules must resolve in the local host.
            [SettingNames.BackupSchedule] = "0 30 2 * * *",
            [SettingNames.RestoreDrillSchedule] = "0 0 4 * * 0",
            [SettingNames.ArchiveSchedule] = "0 45 3 * * *",
        };
    }

    public IConfiguration Configuration(string database, IDictionary<string, string?>? overrides = null)
    {
        var settings = Settings(database);
        if (overrides is not null) foreach (var (k, v) in overrides) settings[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static (string Host, string Port) SplitEndpoint(string endpoint)
    {
        var i = endpoint.LastIndexOf(':');
        return i < 0 ? (endpoint, "6379") : (endpoint[..i], endpoint[(i + 1)..]);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        foreach (var c in Enumerable.Reverse(cleanups)) { try { await c(); } catch { /* best effort at exit */ } }
        try { if (Directory.Exists(Scratch)) Directory.Delete(Scratch, recursive: true); } catch (IOException) { }
    }
}
