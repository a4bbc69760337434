using NrsGirls.Cli.Database;
using NrsGirls.Shared.Content;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Content;

/// <summary>`nrsgirls db seed tracks`: the seeded tracks get real audio in blob storage, scanned like an upload.</summary>
public class TrackSeedTests(TracksFixture app) : IClassFixture<TracksFixture>
{
    [Fact]
    public async Task Seeded_tracks_get_real_audio_blobs_scanned_by_the_scan_job_and_a_second_run_does_nothing()
    {
        await using var owner = PostgresConnections.CreateDataSource(app.OwnerConnectionString);
        await new Seeder(owner, p => BCrypt.Net.BCrypt.HashPassword(p, 4)).SeedAsync("tracks");
        var audio = new TrackAudioSeeder(owner, app.Services.GetRequiredService<TrackBlobs>(), app.Services.GetRequiredService<TrackScanJob>());

        var seeded = await audio.SeedAsync();
        Assert.Equal(12, seeded);
        Assert.Equal(0, await audio.SeedAsync());
        Assert.Equal(0, await app.Scalar<long>("select count(*) from tracks where not scanned or duration is null or waveform_data is null"));
        Assert.Equal(12, await app.Scalar<long>("select count(*) from tracks where file_format = 'wav' and duration between 3 and 5 and jsonb_array_length(waveform_data) = 200"));

        var id = await app.Scalar<Guid>("select id from tracks order by title limit 1");
        Assert.Equal(await app.Scalar<long>("select file_size from tracks where id = @id", new { id }), (await app.Blob(id).GetPropertiesAsync()).Value.ContentLength);
        Assert.Equal(app.Blob(id).Uri.ToString(), await app.Scalar<string>("select file_url from tracks where id = @id", new { id }));
        var track = await app.Get(null, id);
        Assert.Equal(200, track.Status);
    }
}
