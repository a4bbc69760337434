using System.Diagnostics;
using NrsGirls.Cli.Local;
using NrsGirls.Tests.Infrastructure;

namespace NrsGirls.Tests.Cli;

/// <summary>
/// The fixtures' sweep of killed runs: a test process killed with -9 leaves its redis-server and Azurite
/// running; the next run's sweep stops them (and only them) by the pids recorded in the scratch folder.
/// Real processes, in a scratch root of this test's own, so no other run's folders are touched.
/// </summary>
public class StaleRunSweepTests
{
    /// <summary>Processes working in, or naming on their command line, a folder under <paramref name="dir"/>.</summary>
    private static int ProcessesUnder(string dir) => Directory.EnumerateDirectories("/proc")
        .Select(p => int.TryParse(Path.GetFileName(p), out var pid) ? pid : 0)
        .Count(pid => pid > 0 && pid != Environment.ProcessId && LocalProcess.IsRunning(pid) &&
                      (LocalProcess.Mentions(pid, Path.Combine(dir, "redis")) || LocalProcess.Mentions(pid, Path.Combine(dir, "azurite"))));

    private static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", "300")) ?? throw new InvalidOperationException("sleep did not start");

    [Fact]
    public async Task After_a_test_process_is_killed_the_sweep_stops_the_redis_and_azurite_it_started_and_removes_its_folder()
    {
        var root = Directory.CreateTempSubdirectory("nrsgirls-sweep-");
        using var owner = Sleeper(); // stands in for the test host
        var stale = TestServices.ScratchOf(owner.Id, root.FullName);
        var redisPort = LocalProcess.FreePort();
        int blob = LocalProcess.FreePort(), queue = LocalProcess.FreePort(), table = LocalProcess.FreePort();
        try
        {
            // Started to outlive their starter, as the children of a killed test host do.
            await LocalServices.StartRedisAsync(Path.Combine(stale, "redis"), redisPort, daemonize: true);
            await LocalServices.StartAzuriteAsync(TestPaths.RepoRoot, Path.Combine(stale, "azurite"), blob, queue, table, detached: true);
            Assert.Equal(2, ProcessesUnder(stale));

            // While its owner runs, a run's folder and services are left alone.
            Assert.Equal(0, await TestServices.SweepStaleRunsAsync(root.FullName));
            Assert.Equal(2, ProcessesUnder(stale));

            owner.Kill();
            await owner.WaitForExitAsync();
            Assert.Equal(2, await TestServices.SweepStaleRunsAsync(root.FullName));

            Assert.Equal(0, ProcessesUnder(stale));
            Assert.False(await LocalProcess.IsListeningAsync(redisPort));
            Assert.False(await LocalProcess.IsListeningAsync(queue));
            Assert.False(Directory.Exists(stale));
        }
        finally
        {
            foreach (var pidFile in new[] { Path.Combine(stale, "redis", LocalServices.RedisPidFile), Path.Combine(stale, "azurite", LocalServices.AzuritePidFile) })
                await LocalServices.StopRecordedAsync(pidFile);
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_watchdog_stops_the_services_of_a_killed_test_process_within_seconds()
    {
        var root = Directory.CreateTempSubdirectory("nrsgirls-sweep-");
        using var owner = Sleeper();
        var stale = TestServices.ScratchOf(owner.Id, root.FullName);
        var redisPort = LocalProcess.FreePort();
        int blob = LocalProcess.FreePort(), queue = LocalProcess.FreePort(), table = LocalProcess.FreePort();
        try
        {
            await LocalServices.StartRedisAsync(Path.Combine(stale, "redis"), redisPort, daemonize: true);
            await LocalServices.StartAzuriteAsync(TestPaths.RepoRoot, Path.Combine(stale, "azurite"), blob, queue, table, detached: true);
            await TestServices.StartWatchdogAsync(owner.Id, stale);
            await Task.Delay(1500);
            Assert.Equal(2, ProcessesUnder(stale)); // nothing is stopped while the owner runs

            owner.Kill();
            await Poll.UntilAsync(() => Task.FromResult(ProcessesUnder(stale)), n => n == 0, "the watchdog to stop redis-server and Azurite", TimeSpan.FromSeconds(15));
            Assert.False(await LocalProcess.IsListeningAsync(redisPort));
        }
        finally
        {
            foreach (var pidFile in new[] { Path.Combine(stale, "redis", LocalServices.RedisPidFile), Path.Combine(stale, "azurite", LocalServices.AzuritePidFile) })
                await LocalServices.StopRecordedAsync(pidFile);
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_recorded_pid_now_used_by_an_unrelated_process_is_not_killed()
    {
        var root = Directory.CreateTempSubdirectory("nrsgirls-sweep-");
        using var unrelated = Sleeper();
        try
        {
            int deadOwner;
            using (var gone = Process.Start("true")) { await gone.WaitForExitAsync(); deadOwner = gone.Id; }
            var redisDir = Directory.CreateDirectory(Path.Combine(TestServices.ScratchOf(deadOwner, root.FullName), "redis"));
            await File.WriteAllTextAsync(Path.Combine(redisDir.FullName, LocalServices.RedisPidFile), unrelated.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(0, await TestServices.SweepStaleRunsAsync(root.FullName));
            Assert.True(LocalProcess.IsRunning(unrelated.Id));
            Assert.False(Directory.Exists(redisDir.FullName), "the stale folder is removed");
        }
        finally
        {
            unrelated.Kill();
            root.Delete(recursive: true);
        }
    }
}
