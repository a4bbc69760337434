using System.Diagnostics;
using NrsGirls.Cli.Local;

namespace NrsGirls.Tests.Cli;

/// <summary>
/// What a killed test process leaves behind, and who stops it: the watchdog within seconds, or the next
/// run's sweep by the pids recorded in the scratch folder. Real redis-server and Azurite processes in a
/// scratch root of this test's own (so no other run's folders are touched), owned by a `sleep` that
/// stands in for the test host.
/// </summary>
public class StaleRunSweepTests
{
    private sealed class KilledRun : IAsyncDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("nrsgirls-sweep-");
        private readonly Process _owner = Sleeper();

        public KilledRun() => Scratch = TestServices.ScratchOf(_owner.Id, Root);

        public string Root => _root.FullName;
        public int OwnerId => _owner.Id;
        public string Scratch { get; }
        public int RedisPort { get; } = LocalProcess.FreePort();
        public int QueuePort { get; private set; }

        private string[] PidFiles => [Path.Combine(Scratch, "redis", LocalServices.RedisPidFile), Path.Combine(Scratch, "azurite", LocalServices.AzuritePidFile)];

        /// <summary>Starts redis-server and Azurite to outlive their starter, as a killed test host's children do.</summary>
        public async Task StartServicesAsync()
        {
            int blob = LocalProcess.FreePort(), table = LocalProcess.FreePort();
            QueuePort = LocalProcess.FreePort();
            await LocalServices.StartRedisAsync(Path.Combine(Scratch, "redis"), RedisPort, daemonize: true);
            await LocalServices.StartAzuriteAsync(TestPaths.RepoRoot, Path.Combine(Scratch, "azurite"), blob, QueuePort, table, detached: true);
        }

        /// <summary>Processes working in, or naming on their command line, this run's redis or azurite folder.</summary>
        public int Processes() => Directory.EnumerateDirectories("/proc")
            .Select(p => int.TryParse(Path.GetFileName(p), out var pid) ? pid : 0)
            .Count(pid => pid > 0 && pid != Environment.ProcessId && LocalProcess.IsRunning(pid) &&
                          (LocalProcess.Mentions(pid, Path.Combine(Scratch, "redis")) || LocalProcess.Mentions(pid, Path.Combine(Scratch, "azurite"))));

        public async Task KillOwnerAsync()
        {
            _owner.Kill();
            await _owner.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var pidFile in PidFiles) await LocalServices.StopRecordedAsync(pidFile);
            if (!_owner.HasExited) _owner.Kill();
            _owner.Dispose();
            _root.Delete(recursive: true);
        }
    }

    private static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", "300")) ?? throw new InvalidOperationException("sleep did not start");

    [Fact]
    public async Task After_a_test_process_is_killed_the_sweep_stops_the_redis_and_azurite_it_started_and_removes_its_folder()
    {
        await using var run = new KilledRun();
        await run.StartServicesAsync();
        Assert.Equal(2, run.Processes());

        // While its owner runs, a run's folder and services are left alone.
        Assert.Equal(0, await TestServices.SweepStaleRunsAsync(run.Root));
        Assert.Equal(2, run.Processes());

        await run.KillOwnerAsync();
        Assert.Equal(2, await TestServices.SweepStaleRunsAsync(run.Root));

        Assert.Equal(0, run.Processes());
        // The processes are gone; their ports close as the kernel tears the sockets down (a moment under load).
        Assert.False(await StillListening(run.RedisPort));
        Assert.False(await StillListening(run.QueuePort));
        Assert.False(Directory.Exists(run.Scratch));
    }

    private static async Task<bool> StillListening(int port)
    {
        for (var i = 0; i < 50; i++)
        {
            if (!await LocalProcess.IsListeningAsync(port)) return false;
            await Task.Delay(100);
        }
        return true;
    }

    [Fact]
    public async Task The_watchdog_stops_the_services_of_a_killed_test_process_within_seconds()
    {
        await using var run = new KilledRun();
        await run.StartServicesAsync();
        await TestServices.StartWatchdogAsync(run.OwnerId, run.Scratch);
        await Task.Delay(1500);
        Assert.Equal(2, run.Processes()); // nothing is stopped while the owner runs

        await run.KillOwnerAsync();
        await Poll.UntilAsync(() => Task.FromResult(run.Processes()), n => n == 0, "the watchdog to stop redis-server and Azurite", TimeSpan.FromSeconds(15));
        Assert.False(await StillListening(run.RedisPort));
    }

    [Fact]
    public async Task A_recorded_pid_now_used_by_an_unrelated_process_is_not_killed()
    {
        await using var run = new KilledRun();
        await run.KillOwnerAsync();
        using var unrelated = Sleeper();
        try
        {
            var redisDir = Directory.CreateDirectory(Path.Combine(run.Scratch, "redis"));
            await File.WriteAllTextAsync(Path.Combine(redisDir.FullName, LocalServices.RedisPidFile), unrelated.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(0, await TestServices.SweepStaleRunsAsync(run.Root));
            Assert.True(LocalProcess.IsRunning(unrelated.Id));
            Assert.False(Directory.Exists(run.Scratch), "the stale folder is removed");
        }
        finally { unrelated.Kill(); }
    }
}
