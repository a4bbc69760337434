using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Shared.Operations;

/// <summary>
/// The MongoDB half of a backup set: every collection of the database, read through the driver in _id
/// order and written as canonical Extended JSON lines (types survive a round trip), one part per collection.
/// MongoDB has no snapshot shared with PostgreSQL: its parts are read after the PostgreSQL snapshot.
/// </summary>
public sealed class MongoBackup(MongoStore mongo)
{
    public static readonly JsonWriterSettings LineSettings = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson, Indent = false };

    /// <summary>The query a backup reads each collection with: everything, in _id order.</summary>
    public static readonly SortDefinition<BsonDocument> Order = Builders<BsonDocument>.Sort.Ascending("_id");

    public delegate Task<(long Bytes, long PlainBytes, string Sha256)> PartWriter(string part, Func<Stream, Task> write);

    public async Task<(IReadOnlyList<ManifestCollection> Collections, string? Note)> BackupAsync(PartWriter writePart, CancellationToken ct)
    {
        if (!mongo.IsConfigured) return ([], "MongoDB not configured (MONGODB_URI empty): no collections in this set.");
        var names = await (await mongo.Database!.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct);
        var parts = new List<ManifestCollection>();
        foreach (var name in names.Where(n => !n.StartsWith("system.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            long docs = 0;
            var part = $"mongo/{name}.jsonl.gz.enc";
            var (bytes, _, sha) = await writePart(part, async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                var collection = mongo.Database.GetCollection<BsonDocument>(name);
                using var cursor = await collection.Find(FilterDefinition<BsonDocument>.Empty, new FindOptions { BatchSize = 1000 }).Sort(Order).ToCursorAsync(ct);
                while (await cursor.MoveNextAsync(ct))
                    foreach (var doc in cursor.Current)
                    {
                        await writer.WriteLineAsync(doc.ToJson(LineSettings));
                        docs++;
                    }
            });
            parts.Add(new ManifestCollection(name, part, docs, bytes, sha));
        }
        return (parts, null);
    }

    /// <summary>Loads one collection's lines into <paramref name="target"/> in batches (restore and archive restore).</summary>
    public static async Task<long> LoadLinesAsync(Stream lines, IMongoCollection<BsonDocument> target, CancellationToken ct)
    {
        using var reader = new StreamReader(lines, Encoding.UTF8);
        var batch = new List<BsonDocument>(1000);
        long n = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            batch.Add(BsonDocument.Parse(line));
            if (batch.Count == 1000) { await target.InsertManyAsync(batch, new InsertManyOptions { IsOrdered = false }, ct); n += batch.Count; batch.Clear(); }
        }
        if (batch.Count > 0) { await target.InsertManyAsync(batch, new InsertManyOptions { IsOrdered = false }, ct); n += batch.Count; }
        return n;
    }
}
