using NrsGirls.Shared.Operations;

namespace NrsGirls.Functions.Operations;

public sealed class PartitionsTimer(PartitionMaintenance partitions, ILogger<PartitionsTimer> logger)
{
    /// <summary>Daily at 03:00 UTC: a year of monthly ledger partitions exists ahead of time.</summary>
    [Function(nameof(EnsureTransactionPartitions))]
    public async Task EnsureTransactionPartitions([TimerTrigger("0 0 3 * * *")] TimerInfo timer, CancellationToken ct)
    {
        var created = await partitions.EnsureTransactionPartitionsAsync(12, ct);
        logger.LogInformation("Transaction partitions ensured for 12 months: {Created} created (past due: {IsPastDue})",
            created, timer.IsPastDue);
    }
}
