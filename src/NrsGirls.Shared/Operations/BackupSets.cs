using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using NrsGirls.Shared.Storage;

namespace NrsGirls.Shared.Operations;

/// <summary>
/// Backup sets in the <c>backups</c> container: <c>{database}/{period}/manifest.json</c> next to the
/// encrypted parts <c>postgres/{table}.copy.gz.enc</c> and <c>mongo/{collection}.jsonl.gz.enc</c>. A set is
/// complete only when its manifest exists; the manifest is always written last.
/// </summary>
public sealed class BackupSets(BlobServiceClient blobs, PostgresOptions postgres, BackupOptions options)
{
    public const string ManifestName = "manifest.json";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Database => postgres.Database;

    public BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.BackupsContainer);

    public async Task EnsureContainerAsync(CancellationToken ct) => await Container.CreateIfNotExistsAsync(cancellationToken: ct);

    public static string Prefix(string database, string period) => $"{database}/{period}/";

    public BlockBlobClient Blob(string database, string period, string part) => Container.GetBlockBlobClient(Prefix(database, period) + part);

    public async Task WriteManifestAsync(BackupManifest manifest, CancellationToken ct) =>
        await Blob(manifest.Database, manifest.Period, ManifestName)
            .UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)).ToStream(), cancellationToken: ct);

    public async Task<BackupManifest?> ReadManifestAsync(string period, CancellationToken ct, string? database = null)
    {
        try
        {
            var content = await Blob(database ?? Database, period, ManifestName).DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<BackupManifest>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { return null; }
    }

    /// <summary>Every set of this database, newest first, complete or not.</summary>
    public async Task<IReadOnlyList<(string Period, BackupManifest? Manifest)>> ListAsync(CancellationToken ct, string? database = null)
    {
        await EnsureContainerAsync(ct);
        var periods = new List<string>();
        await foreach (var item in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", (database ?? Database) + "/", ct))
            if (item.IsPrefix) periods.Add(item.Prefix.TrimEnd('/')[(item.Prefix.TrimEnd('/').LastIndexOf('/') + 1)..]);
        var sets = new List<(string, BackupManifest?)>();
        foreach (var p in periods.OrderDescending(StringComparer.Ordinal)) sets.Add((p, await ReadManifestAsync(p, ct, database)));
        return sets;
    }

    public async Task<BackupManifest?> NewestCompleteAsync(CancellationToken ct, string? database = null) =>
        (await ListAsync(ct, database)).Where(s => s.Manifest is not null).Select(s => s.Manifest)
            .OrderByDescending(m => m!.StartedAt).FirstOrDefault();

    public async Task<int> DeleteSetAsync(string database, string period, CancellationToken ct)
    {
        var n = 0;
        // The manifest goes first: a half-deleted set must never look complete.
        await Blob(database, period, ManifestName).DeleteIfExistsAsync(cancellationToken: ct);
        await foreach (var b in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix(database, period), ct))
        {
            await Container.DeleteBlobIfExistsAsync(b.Name, cancellationToken: ct);
            n++;
        }
        return n;
    }

    private async Task<DateTimeOffset?> NewestBlobTimeAsync(string period, CancellationToken ct)
    {
        DateTimeOffset? newest = null;
        await foreach (var b in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix(Database, period), ct))
            if (b.Properties.LastModified is { } m && (newest is null || m > newest)) newest = m;
        return newest;
    }

    /// <summary>
    /// Deletes sets older than the retention, except the newest <see cref="BackupOptions.KeepNewest"/> complete
    /// ones; incomplete sets older than the retention go too. Returns the periods deleted.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyRetentionAsync(DateTimeOffset now, CancellationToken ct)
    {
        var sets = await ListAsync(ct);
        var keep = sets.Where(s => s.Manifest is not null).OrderByDescending(s => s.Manifest!.StartedAt)
            .Take(options.KeepNewest).Select(s => s.Period).ToHashSet();
        var cutoff = now.AddDays(-options.RetentionDays);
        var deleted = new List<string>();
        foreach (var (period, manifest) in sets)
        {
            if (keep.Contains(period)) continue;
            var age = manifest?.StartedAt ?? (DateTimeOffset.TryParse(period, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null);
            age ??= await NewestBlobTimeAsync(period, ct);
            if (age is null || age >= cutoff) continue;
            await DeleteSetAsync(Database, period, ct);
            deleted.Add(period);
        }
        return deleted;
    }
}
