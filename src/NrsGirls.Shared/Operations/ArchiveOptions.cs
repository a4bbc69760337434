namespace NrsGirls.Shared.Operations;

/// <summary>Archiving to the cold <c>archive</c> container (settings NRSGIRLS_ARCHIVE_* and retentions).</summary>
public sealed record ArchiveOptions
{
    /// <summary>Ledger partitions are archived and dropped only when their whole month is older than this (law: at least 10 years).</summary>
    public int FinancialRetentionYears { get; init; } = 10;
    public int ChatArchiveDays { get; init; } = 90;
    public int ActivityRetentionDays { get; init; } = 365;
    public int AnalyticsRetentionDays { get; init; } = 730;
}

public sealed record ArchiveRunReport(IReadOnlyList<string> Archived, IReadOnlyList<string> Skipped, IReadOnlyList<string> Notes, long Rows);
