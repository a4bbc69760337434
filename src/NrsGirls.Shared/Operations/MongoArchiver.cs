using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Storage;

namespace NrsGirls.Shared.Operations;

public sealed record MongoArchiveManifest(string Collection, string Filter, long Documents, long Bytes, string Sha256, string KeyId, DateTimeOffset WrittenAt);

/// <summary>
/// Moves old MongoDB documents to the <c>archive</c> container as encrypted JSON lines: chat of streams
/// that ended more than NRSGIRLS_CHAT_ARCHIVE_DAYS ago, activity_logs and analytics_events older than their
/// retention. The filter is stored with the part and the same filter deletes, only after the part was
/// read back and counted; archive_parts makes a stopped run resumable: each run first finishes the parts
/// an earlier day's run wrote but did not remove, with their stored filters.
/// </summary>
public sealed class MongoArchiver(MongoStore mongo, NpgsqlDataSource db, BlobServiceClient blobs, ArchiveStore store, SecurityOptions keys,
    ArchiveOptions options, TimeProvider clock)
{
    public const string Source = "mongo";

    public static FilterDefinition<BsonDocument> OlderThan(DateTime cutoff) => Builders<BsonDocument>.Filter.Lt("timestamp", cutoff);

    public static FilterDefinition<BsonDocument> ChatOfStreams(IEnumerable<Guid> streams) =>
        Builders<BsonDocument>.Filter.In("streamId", streams.Select(s => new BsonBinaryData(s, GuidRepresentation.Standard)));

    public static BsonDocument Render(FilterDefinition<BsonDocument> filter) =>
        filter.Render(new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry.GetSerializer<BsonDocument>(), MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry));

    public async Task<ArchiveRunReport> RunAsync(CancellationToken ct)
    {
        if (!mongo.IsConfigured) return new ArchiveRunReport([], [], ["MongoDB not configured (MONGODB_URI empty): nothing archived there"], 0);
        var now = clock.GetUtcNow().UtcDateTime;
        var day = DayOf(now);
        var parts = await store.ListAsync(ct);
        var work = new List<(string Name, string Collection, FilterDefinition<BsonDocument> Filter)>();
        // Parts an earlier day's run left written or verified: finished first, with the filter stored with them.
        foreach (var name in Unfinished(parts, day)) work.Add((name, name.Split('/')[1], FilterDefinition<BsonDocument>.Empty));

        List<Guid> ended;
        await using (var c = await db.OpenConnectionAsync(ct))
            ended = (await c.QueryAsync<Guid>(new CommandDefinition(
                "select id from streams where status = 'ended' and end_time < @cutoff and (@since::timestamptz is null or end_time >= @since)",
                new { cutoff = now.AddDays(-options.ChatArchiveDays), since = ChatLookbackStart(parts, options.ChatArchiveDays) }, cancellationToken: ct))).ToList();
        work.Add(($"mongo/{MongoStore.ActivityLogs}/{day}", MongoStore.ActivityLogs, OlderThan(now.AddDays(-options.ActivityRetentionDays))));
        work.Add(($"mongo/{MongoStore.AnalyticsEvents}/{day}", MongoStore.AnalyticsEvents, OlderThan(now.AddDays(-options.AnalyticsRetentionDays))));
        if (ended.Count > 0) work.Add(($"mongo/{MongoStore.ChatMessages}/{day}", MongoStore.ChatMessages, ChatOfStreams(ended)));
        var archived = new List<string>();
        var skipped = new List<string>();
        long rows = 0;
        foreach (var (name, collection, filter) in work)
        {
            var n = await ArchiveAsync(name, collection, filter, ct);
            if (n < 0) skipped.Add(name); else { archived.Add(name); rows += n; }
        }
        return new ArchiveRunReport(archived, skipped, [], rows);
    }

    private static string DayOf(DateTime t) => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>MongoDB parts of earlier days that were written (or verified) but whose documents were not yet removed.</summary>
    public static IReadOnlyList<string> Unfinished(IEnumerable<ArchivePart> parts, string today) =>
        parts.Where(p => p.Source == Source && p.Status != "removed" && !p.Name.EndsWith("/" + today, StringComparison.Ordinal))
            .Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Streams whose chat an earlier chat part already covered need not be named again: the chat filter
    /// takes streams that ended since a day before the newest removed chat part's cutoff (null: no part yet,
    /// every ended stream), so its $in list stays the size of the days since the last run, not of all time.
    /// </summary>
    public static DateTime? ChatLookbackStart(IEnumerable<ArchivePart> parts, int chatArchiveDays)
    {
        var prefix = $"mongo/{MongoStore.ChatMessages}/";
        var newest = parts.Where(p => p.Source == Source && p.Status == "removed" && p.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => DateTime.TryParseExact(p.Name[prefix.Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var d) ? d : (DateTime?)null)
            .Where(d => d is not null).Max();
        return newest?.AddDays(-chatArchiveDays - 1);
    }

    private async Task<long> ArchiveAsync(string name, string collection, FilterDefinition<BsonDocument> filter, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(StorageNames.ArchiveContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var database = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database;
        var blobName = $"{database}/{name}.jsonl.gz.enc";
        var manifestBlob = container.GetBlobClient($"{database}/{name}.manifest.json");
        var docs = mongo.Database!.GetCollection<BsonDocument>(collection);
        var part = await store.FindAsync(name, ct);
        if (part?.Status == "removed") return -1;
        if (part is null)
        {
            if (await docs.CountDocumentsAsync(filter, new CountOptions { Limit = 1 }, ct) == 0) return -1;
            long count = 0;
            var w = await EncryptedBlobs.WriteAsync(container.GetBlockBlobClient(blobName), keys, blobName, async gz =>
            {
                await using var writer = new StreamWriter(gz, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                using var cursor = await docs.Find(filter).Sort(MongoBackup.Order).ToCursorAsync(ct);
                while (await cursor.MoveNextAsync(ct))
                    foreach (var d in cursor.Current) { await writer.WriteLineAsync(d.ToJson(MongoBackup.LineSettings)); count++; }
            }, ct);
            var manifest = new MongoArchiveManifest(collection, Render(filter).ToJson(MongoBackup.LineSettings), count, w.Bytes, w.Sha256, keys.ActiveKeyId, clock.GetUtcNow());
            await manifestBlob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupSets.Json)), overwrite: true, ct);
            part = new ArchivePart(name, Source, "written", blobName, count, w.Bytes, w.Sha256, clock.GetUtcNow().UtcDateTime, null);
            await store.WrittenAsync(part, ct);
        }
        var stored = (await manifestBlob.DownloadContentAsync(ct)).Value.Content.ToObjectFromJson<MongoArchiveManifest>(BackupSets.Json)!;
        if (part.Status == "written")
        {
            if (await EncryptedBlobs.Sha256Async(container.GetBlockBlobClient(blobName), ct) != part.Sha256)
                throw new InvalidOperationException($"Archive {blobName} does not match its recorded hash.");
            long lines = 0;
            await using (var s = await EncryptedBlobs.OpenReadAsync(container.GetBlockBlobClient(blobName), keys, blobName, ct))
            using (var reader = new StreamReader(s))
                while (await reader.ReadLineAsync(ct) is { Length: > 0 }) lines++;
            if (lines != part.RowCount) throw new InvalidOperationException($"Archive {blobName} holds {lines} documents, {part.RowCount} expected.");
            await store.SetStatusAsync(name, "verified", clock.GetUtcNow(), ct);
        }
        await docs.DeleteManyAsync(BsonDocument.Parse(stored.Filter), ct);
        await store.SetStatusAsync(name, "removed", clock.GetUtcNow(), ct);
        return part.RowCount;
    }

    /// <summary>`db archive restore mongo/…`: loads the documents into "{collection}_archive_restore" for an audit.</summary>
    public async Task<(string Collection, long Documents)> RestoreAsync(ArchivePart part, CancellationToken ct)
    {
        if (!mongo.IsConfigured) throw new RestoreException("MongoDB is not configured (MONGODB_URI empty): nowhere to restore documents to.");
        var container = blobs.GetBlobContainerClient(StorageNames.ArchiveContainer);
        var target = part.Name.Split('/')[1] + "_archive_restore";
        await using var s = await EncryptedBlobs.OpenReadAsync(container.GetBlockBlobClient(part.BlobName), keys, part.BlobName, ct);
        return (target, await MongoBackup.LoadLinesAsync(s, mongo.Database!.GetCollection<BsonDocument>(target), ct));
    }
}
