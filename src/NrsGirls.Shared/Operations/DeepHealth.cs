namespace NrsGirls.Shared.Operations;

/// <summary>One reason deep health may be red. Register implementations with AddSingleton&lt;IDeepHealthCheck, X&gt;().</summary>
public interface IDeepHealthCheck
{
    string Name { get; }
    /// <summary>Problems found (empty: green for this check).</summary>
    Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct);
}

public sealed record DeepHealthCheckResult(string Check, bool Ok, IReadOnlyList<string> Problems);

public sealed record DeepHealthReport(string Status, IReadOnlyList<string> Reasons, HealthReport Stores, IReadOnlyList<DeepHealthCheckResult> Checks)
{
    public bool Green => Status == "green";
}

/// <summary>
/// `GET admin/health/deep`: the cheap store probes plus every registered <see cref="IDeepHealthCheck"/>
/// (poison queues, failed backups and drills, and after the merge the ledger audit). Red names each reason.
/// </summary>
public sealed class DeepHealthService(HealthService stores, IEnumerable<IDeepHealthCheck> checks)
{
    public async Task<DeepHealthReport> CheckAsync(CancellationToken ct)
    {
        var storeReport = await stores.CheckAsync(ct);
        var results = new List<DeepHealthCheckResult>();
        foreach (var check in checks)
        {
            IReadOnlyList<string> problems;
            try { problems = await check.CheckAsync(ct); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                problems = [$"the check itself failed: {ExceptionText.OneLine(ex)}"];
            }
            results.Add(new DeepHealthCheckResult(check.Name, problems.Count == 0, problems));
        }
        var reasons = storeReport.Stores.Where(s => s.Status == "down").Select(s => $"{s.Store} is down (the reason is in the log)")
            .Concat(results.SelectMany(r => r.Problems.Select(p => $"{r.Check}: {p}"))).ToList();
        return new DeepHealthReport(reasons.Count == 0 ? "green" : "red", reasons, storeReport, results);
    }
}

/// <summary>A message in a poison queue is work that failed five times and will not be retried by itself.</summary>
public sealed class PoisonQueuesCheck(StatsService stats) : IDeepHealthCheck
{
    public string Name => "poison queues";

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct) =>
        (await stats.QueuesAsync(ct)).Where(q => q.Poison && q.Messages > 0)
            .Select(q => $"{q.Queue} holds {q.Messages} message(s) that failed processing").ToList();
}

/// <summary>A backup or restore drill that failed in the last day (and was not run again successfully since).</summary>
public sealed class RecentOperationFailuresCheck(OperationsStore runs, TimeProvider clock) : IDeepHealthCheck
{
    public string Name => "backups and drills";

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct)
    {
        var failed = await runs.FailedSinceAsync([OperationsStore.Backup, OperationsStore.RestoreDrill], clock.GetUtcNow().AddDays(-1), ct);
        var problems = new List<string>();
        foreach (var kind in failed.GroupBy(f => f.Kind))
        {
            var latest = (await runs.RecentAsync(kind.Key, 1, ct)).FirstOrDefault();
            // A newer successful run of the same kind clears the alarm.
            if (latest is { Status: "complete" } && latest.StartedAt > kind.Max(f => f.StartedAt)) continue;
            var f = kind.First();
            problems.Add($"{kind.Key.Replace('_', ' ')} {f.Period} failed at {f.FinishedAt:u}: {f.Error}");
        }
        return problems;
    }
}
