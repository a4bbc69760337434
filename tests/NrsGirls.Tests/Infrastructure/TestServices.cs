using System.Diagnostics;
using NrsGirls.Cli;
using NrsGirls.Cli.Local;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// The real services every integration test talks to, started once per test run. Each comes from an
/// environment variable when set (NRSGIRLS_TEST_POSTGRES: an owner connection string;
/// NRSGIRLS_TEST_REDIS: host:port; NRSGIRLS_TEST_STORAGE: a storage connection string), and is
/// otherwise started here as a throwaway on a free 127.0.0.1 port and stopped when the run ends.
/// </summary>
public static class TestServices
{
    private static readonly Lazy<Task<TestEnvironment>> Environment = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<TestEnvironment> GetAsync() => Environment.Value;

    /// <summary>Stops this run's services, if they were started (see <see cref="ServicesTestFramework"/>).</summary>
    public static async Task StopAsync()
    {
        if (Environment.IsValueCreated && Environment.Value.IsCompletedSuccessfully) await (await Environment.Value).StopAsync();
    }

    private static async Task<TestEnvironment> StartAsync()
    {
        var repoRoot = CliConfiguration.FindRepositoryRoot(AppContext.BaseDirectory)
                       ?? throw new InvalidOperationException("Run the tests from the repository (NrsGirls.sln was not found above the test output).");
        await SweepStaleRunsAsync();
        var scratch = ScratchOf(System.Environment.ProcessId);
        var cleanups = new List<Func<Task>>();
        var sw = Stopwatch.StartNew();
        await StartWatchdogAsync(System.Environment.ProcessId, scratch);
        try
        {
            var pg = await StartPostgresAsync(scratch, cleanups);
            var redis = await StartRedisAsync(scratch, cleanups);
            var storage = await StartAzuriteAsync(repoRoot, scratch, cleanups);
            var env = new TestEnvironment(repoRoot, pg, redis, storage, cleanups, scratch);
            await env.PrepareTemplateAsync();
            Console.WriteLine($"[tests] services ready in {sw.ElapsedMilliseconds} ms: postgres 127.0.0.1:{pg.Port}, redis {redis}, storage ready");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => env.StopAsync().GetAwaiter().GetResult();
            return env;
        }
        catch
        {
            foreach (var c in Enumerable.Reverse(cleanups)) { try { await c(); } catch { /* best effort */ } }
            throw;
        }
    }

    /// <summary>The scratch folder of the test process <paramref name="pid"/>: its services' data, logs and pid files.</summary>
    public static string ScratchOf(int pid, string? root = null) => Path.Combine(root ?? Path.GetTempPath(), $"{ScratchPrefix}{pid}");

    private const string ScratchPrefix = "nrsgirls-tests-";

    /// <summary>
    /// The test host may be killed (kill -9, a cancelled run) before its exit handler runs; a later run
    /// stops what earlier, no longer running test processes left behind, found by their scratch folders
    /// under <paramref name="root"/>: their PostgreSQL, and the redis-server and Azurite whose pids they
    /// recorded (redis/redis.pid, azurite/azurite.pid), then removes the folder. Returns how many
    /// processes it stopped. Folders of live test processes are left alone.
    /// </summary>
    public static async Task<int> SweepStaleRunsAsync(string? root = null)
    {
        var stopped = 0;
        foreach (var dir in Directory.EnumerateDirectories(root ?? Path.GetTempPath(), ScratchPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)[ScratchPrefix.Length..], out var pid) || LocalProcess.IsRunning(pid)) continue;
            try { await LocalServices.StopPostgresAsync(Path.Combine(dir, "pg"), immediate: true); }
            catch (LocalServiceException) { /* its server is already gone */ }
            foreach (var pidFile in new[] { Path.Combine(dir, "redis", LocalServices.RedisPidFile), Path.Combine(dir, "azurite", LocalServices.AzuritePidFile) })
                if (await LocalServices.StopRecordedAsync(pidFile)) stopped++;
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.WriteLine($"[tests] could not remove stale {dir}: {ex.Message}");
            }
        }
        return stopped;
    }

    /// <summary>
    /// A killed test host runs no code at all; this small detached shell waits for <paramref name="owner"/>
    /// to end (or be a zombie) and then stops the services <paramref name="scratch"/> records (redis.pid, azurite.pid,
    /// PostgreSQL's postmaster.pid: an immediate shutdown), so none outlives the run by more than a second.
    /// After a normal end it finds nothing left to stop. The next run's sweep removes the folder.
    /// </summary>
    public static Task StartWatchdogAsync(int owner, string scratch) =>
        LocalProcess.RunAsync("bash", ["-c", """
            setsid nohup bash -c '
              while s=$(grep "^State:" "/proc/$0/status" 2>/dev/null) && [ "${s#*Z}" = "$s" ]; do sleep 1; done
              for f in "$1/redis/redis.pid" "$1/azurite/azurite.pid"; do [ -f "$f" ] && kill -9 "$(cat "$f")"; done
              [ -f "$1/pg/data/postmaster.pid" ] && kill -QUIT "$(head -n 1 "$1/pg/data/postmaster.pid")"
            ' "$0" "$1" > /dev/null 2>&1 < /dev/null &
            """, owner.ToString(System.Globalization.CultureInfo.InvariantCulture), scratch]);

    private static async Task<PostgresServer> StartPostgresAsync(string scratch, List<Func<Task>> cleanups)
    {
        var configured = System.Environment.GetEnvironmentVariable("NRSGIRLS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var b = new NpgsqlConnectionStringBuilder(configured);
            return new PostgresServer(b.Host ?? "127.0.0.1", b.Port, b.Username ?? "postgres", b.Password ?? "");
        }
        var dir = Path.Combine(scratch, "pg");
        var port = LocalProcess.FreePort();
        try
        {
            var server = await LocalServices.StartPostgresAsync(dir, port, "nrsgirls_test_owner", "test_owner_password", fast: true);
            cleanups.Add(async () =>
            {
                await LocalServices.StopPostgresAsync(dir, immediate: true);
                Directory.Delete(dir, recursive: true);
            });
            return server;
        }
        catch (LocalServiceException ex)
        {
            throw new InvalidOperationException(
                $"Could not start a throwaway PostgreSQL for the tests: {ex.Message}\n" +
                "Either run bash scripts/bootstrap.sh once, or point NRSGIRLS_TEST_POSTGRES at a server (an owner connection string).", ex);
        }
    }

    private static async Task<string> StartRedisAsync(string scratch, List<Func<Task>> cleanups)
    {
        var configured = System.Environment.GetEnvironmentVariable("NRSGIRLS_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var port = LocalProcess.FreePort();
        var dir = Path.Combine(scratch, "redis");
        var p = await LocalServices.StartRedisAsync(dir, port, daemonize: false, databases: TestEnvironment.RedisDatabaseCount);
        cleanups.Add(() => StopAsync(p, Path.Combine(dir, LocalServices.RedisPidFile)));
        return $"127.0.0.1:{port}";
    }

    private static async Task<string> StartAzuriteAsync(string repoRoot, string scratch, List<Func<Task>> cleanups)
    {
        var configured = System.Environment.GetEnvironmentVariable("NRSGIRLS_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        int blob = LocalProcess.FreePort(), queue = LocalProcess.FreePort(), table = LocalProcess.FreePort();
        var dir = Path.Combine(scratch, "azurite");
        var p = await LocalServices.StartAzuriteAsync(repoRoot, dir, blob, queue, table);
        cleanups.Add(() => StopAsync(p, Path.Combine(dir, LocalServices.AzuritePidFile)));
        return LocalServices.AzuriteConnectionString(blob, queue, table);
    }

    /// <summary>A normal exit stops the child by its pid file, the same way a later sweep would.</summary>
    private static async Task StopAsync(Process? child, string pidFile)
    {
        await LocalServices.StopRecordedAsync(pidFile);
        child?.Dispose();
    }
}
