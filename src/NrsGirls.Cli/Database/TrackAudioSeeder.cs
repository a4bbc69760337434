using NrsGirls.Shared.Content;
using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Cli.Database;

/// <summary>
/// The seed's track audio: after <see cref="Seeder"/> has written the seeded DJs' tracks, each one that
/// no scan has accepted yet gets a real small WAV (a few seconds of a tone with a distinct envelope)
/// uploaded to its blob, and the scan job runs on it, exactly as for an upload. A second run finds
/// nothing left to do.
/// </summary>
public sealed class TrackAudioSeeder(NpgsqlDataSource db, TrackBlobs blobs, TrackScanJob scans)
{
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var djs = Seeder.Users.Where(u => u.Role == "dj").Select(u => Seeder.DjId(u.Key)).ToArray();
        IReadOnlyList<Guid> pending;
        await using (var conn = await db.OpenConnectionAsync(ct))
            pending = (await conn.QueryAsync<Guid>(new CommandDefinition("""
                select id from tracks where dj_id = any(@djs) and not scanned and deleted_at is null order by title
                """, new { djs }, cancellationToken: ct))).AsList();
        if (pending.Count == 0) return 0;

        await blobs.EnsureContainerAsync(ct);
        var done = 0;
        foreach (var id in pending)
        {
            var n = done++;
            var audio = WavWriter.Sine(seconds: 3 + n % 3, hz: 220 * (1 + n % 4), amplitude: 0.8,
                envelope: t => 0.3 + 0.7 * Math.Abs(Math.Sin(t * (1 + n % 5))));
            var blob = blobs.Blob(id);
            await blob.UploadAsync(BinaryData.FromBytes(audio), overwrite: true, ct);
            await using (var conn = await db.OpenConnectionAsync(ct))
                await conn.ExecuteAsync(new CommandDefinition("update tracks set file_url = @url where id = @id",
                    new { id, url = blob.Uri.ToString() }, cancellationToken: ct));
            var outcome = await scans.RunAsync(new TrackScanMessage(id), ct);
            if (outcome != TrackScanOutcome.Accepted) throw new InvalidOperationException($"The seeded audio of track {id} was not accepted: {outcome}.");
        }
        return done;
    }
}
