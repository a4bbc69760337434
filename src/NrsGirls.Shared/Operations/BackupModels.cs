namespace NrsGirls.Shared.Operations;

/// <summary>Backups, restore drills and retention (settings NRSGIRLS_BACKUP_* and NRSGIRLS_RESTORE_DRILL_*).</summary>
public sealed record BackupOptions
{
    /// <summary>Sets older than this many days are deleted by the backup timer…</summary>
    public int RetentionDays { get; init; } = 30;
    /// <summary>…except the newest this many complete sets, which age alone never deletes.</summary>
    public int KeepNewest { get; init; } = 7;
    /// <summary>A set under this fraction of the previous set's size is flagged suspicious.</summary>
    public const double SuspiciousRatio = 0.5;
}

public sealed record ManifestMigration(int Version, string Name, string Checksum);

/// <summary>One table's part: a root table (partitioned tables are copied whole through their root).</summary>
public sealed record ManifestTable(string Name, string Part, IReadOnlyList<string> Columns, long Rows, long Bytes, long PlainBytes, string Sha256);

/// <summary>A partition to recreate before loading (restores keep the ledger's monthly layout).</summary>
public sealed record ManifestPartition(string Name, string Parent, string Bound);

public sealed record ManifestSequence(string Name, long? LastValue);

public sealed record ManifestCollection(string Name, string Part, long Documents, long Bytes, string Sha256);

/// <summary>
/// What a backup set holds; written last, so a set without one is incomplete whatever else is there.
/// Plain JSON (names, counts, hashes: no row data), next to the encrypted parts.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormat = 1;
    public int Format { get; init; } = CurrentFormat;
    public required string Database { get; init; }
    public required string Period { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string KeyId { get; init; }
    public string Compression { get; init; } = "gzip";
    public string Encryption { get; init; } = "aes-256-gcm, 256 KiB chunks";
    /// <summary>The highest applied migration: the schema version the data belongs to.</summary>
    public required int SchemaVersion { get; init; }
    public required IReadOnlyList<ManifestMigration> Migrations { get; init; }
    public required IReadOnlyList<ManifestTable> Tables { get; init; }
    public required IReadOnlyList<ManifestPartition> Partitions { get; init; }
    public required IReadOnlyList<ManifestSequence> Sequences { get; init; }
    public IReadOnlyList<ManifestCollection> Collections { get; init; } = [];
    public string? MongoNote { get; init; }
    public required long TotalBytes { get; init; }
    public long? PreviousBytes { get; init; }
    public bool Suspicious { get; init; }
}

public sealed record BackupResult(string Status, string Period, long Bytes, long Rows, int Parts, TimeSpan Elapsed, bool Suspicious,
    string? Reason, IReadOnlyList<string> DeletedByRetention)
{
    public bool Failed => Status == "failed";
}

/// <summary>Progress of long work, for the command line: what is being done and how far.</summary>
public sealed record OperationProgress(string Step, int Done, int Total, long Bytes, long Rows);
