using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;

namespace NrsGirls.LocalHost;

/// <summary>
/// Runs timer functions, never one timer twice at once in this process. A scheduled occurrence that
/// finds its timer still running is skipped (the Functions host also never queues up occurrences);
/// a run asked for by hand (<c>nrsgirls jobs run</c>) waits for the running one to finish and then runs.
/// The gate is per host id and function, like the Functions host's timer lock: two hosts or two
/// `jobs run` in one process with the same host id take turns; hosts with other ids (parallel tests)
/// do not wait for each other. Runs in other processes are the job's own business (advisory locks in Shared).
/// </summary>
public sealed class TimerRunner(IServiceProvider services, InvocationLog log, ILogger<TimerRunner> logger, string hostId)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    private SemaphoreSlim Gate(TimerFunction timer) =>
        Gates.GetOrAdd($"{hostId}/{timer.Invoker.Definition.ScriptFile}!{timer.Invoker.Definition.EntryPoint}", _ => new SemaphoreSlim(1, 1));

    /// <summary>Runs the timer now; if it is running already, waits for that run to end first.</summary>
    public async Task RunAsync(TimerFunction timer, TimerInfo info, string trigger, CancellationToken ct)
    {
        var gate = Gate(timer);
        if (!await gate.WaitAsync(0, ct))
        {
            logger.LogInformation("{Function} is running; this run starts when it ends", timer.Name);
            await gate.WaitAsync(ct);
        }
        try { await InvokeAsync(timer, info, trigger, ct); }
        finally { gate.Release(); }
    }

    /// <summary>Runs the timer now unless it is running already; returns whether it ran.</summary>
    public async Task<bool> TryRunAsync(TimerFunction timer, TimerInfo info, string trigger, CancellationToken ct)
    {
        var gate = Gate(timer);
        if (!await gate.WaitAsync(0, ct))
        {
            logger.LogWarning("{Function} is still running: the occurrence due now is skipped", timer.Name);
            return false;
        }
        try { await InvokeAsync(timer, info, trigger, ct); }
        finally { gate.Release(); }
        return true;
    }

    private async Task InvokeAsync(TimerFunction timer, TimerInfo info, string trigger, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            await using var scope = services.CreateAsyncScope();
            await timer.Invoker.InvokeAsync(scope.ServiceProvider, new InvocationInput(ct) { Timer = info });
            log.Record(timer.Name, trigger + (info.IsPastDue ? ", past due" : ""), "succeeded", true, sw.Elapsed);
        }
        catch (Exception ex)
        {
            log.Record(timer.Name, trigger + (info.IsPastDue ? ", past due" : ""), "failed: " + ex.GetType().Name, false, sw.Elapsed, ex);
            throw;
        }
    }
}

/// <summary>The schedule status the Functions host keeps for a monitored timer.</summary>
public sealed record TimerStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

/// <summary>
/// Keeps each monitored timer's last and next occurrence where the Functions host keeps it: blob
/// <c>azure-webjobs-hosts/timers/{hostId}/{function}/status</c> in the AzureWebJobsStorage account. It is
/// what makes a missed occurrence visible after the host was down, as IsPastDue on the next start.
/// </summary>
public sealed class TimerStatusStore(BlobServiceClient blobs, string hostId)
{
    private const string Container = "azure-webjobs-hosts";

    private BlobClient Blob(TimerFunction timer) =>
        blobs.GetBlobContainerClient(Container).GetBlobClient($"timers/{hostId}/Host.Functions.{timer.Name}/status");

    public async Task<TimerStatus?> ReadAsync(TimerFunction timer, CancellationToken ct)
    {
        try
        {
            var content = await Blob(timer).DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<TimerStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { return null; }
    }

    public async Task WriteAsync(TimerFunction timer, TimerStatus status, CancellationToken ct)
    {
        await blobs.GetBlobContainerClient(Container).CreateIfNotExistsAsync(cancellationToken: ct);
        await Blob(timer).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, ct);
    }
}

/// <summary>
/// Fires each timer function on its schedule. IsPastDue is set when an occurrence was missed: on start,
/// when the stored status says the next occurrence is already behind us (the host was down), and when a
/// run starts later than <see cref="PastDueTolerance"/> after its occurrence (the process was suspended
/// or the previous run overran). After a run, the next occurrence is counted from the run's end, so
/// occurrences that fell inside a long run are skipped rather than replayed back to back.
/// </summary>
internal sealed class TimerScheduler(
    FunctionApp app, TimerRunner runner, TimerStatusStore statusStore, TimeProvider clock, ILogger<TimerScheduler> logger)
    : BackgroundService
{
    public static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(10);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(app.Timers.Select(t => ScheduleAsync(t, stoppingToken)));

    private async Task ScheduleAsync(TimerFunction timer, CancellationToken stop)
    {
        try
        {
            var status = timer.UseMonitor ? await statusStore.ReadAsync(timer, stop) : null;
            var now = clock.GetUtcNow();
            logger.LogInformation("Timer {Function} scheduled '{Schedule}' (UTC), next at {Next:u}", timer.Name, timer.Expression, timer.Schedule.Next(now));
            var last = status?.Last;
            if (status is not null && status.Next != default && status.Next < now.UtcDateTime)
            {
                logger.LogWarning("Timer {Function} missed its occurrence at {Missed:u}: running it now, past due", timer.Name, status.Next);
                last = await RunAsync(timer, isPastDue: true, status, "timer, missed occurrence", stop) ?? last;
            }
            else if (timer.RunOnStartup)
            {
                last = await RunAsync(timer, isPastDue: false, status, "timer, runOnStartup", stop) ?? last;
            }

            while (!stop.IsCancellationRequested)
            {
                now = clock.GetUtcNow();
                var next = timer.Schedule.Next(now);
                if (timer.UseMonitor)
                    await statusStore.WriteAsync(timer, new TimerStatus(last ?? default, next.UtcDateTime, now.UtcDateTime), stop);
                var wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stop);
                var late = clock.GetUtcNow() - next;
                var current = new TimerStatus(last ?? default, next.UtcDateTime, now.UtcDateTime);
                last = await RunAsync(timer, isPastDue: late > PastDueTolerance, current, "timer, scheduled", stop) ?? last;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    /// <returns>When the run started, or null when it was skipped.</returns>
    private async Task<DateTime?> RunAsync(TimerFunction timer, bool isPastDue, TimerStatus? status, string trigger, CancellationToken stop)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = status is null ? null : new ScheduleStatus { Last = status.Last, Next = status.Next, LastUpdated = status.LastUpdated },
        };
        try
        {
            return await runner.TryRunAsync(timer, info, trigger, stop) ? started : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Logged by the runner; a failed run is still a run, and the schedule goes on.
            return started;
        }
    }
}
