using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using NrsGirls.Shared.Content;
using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Tests.Content;

/// <summary>POST tracks, the SAS upload to Azurite, POST tracks/{id}/uploaded and the queued scan, for real.</summary>
public class TrackUploadTests(TracksFixture app) : IClassFixture<TracksFixture>
{
    [Fact]
    public async Task A_wav_uploaded_through_the_sas_url_is_scanned_from_the_queue_and_becomes_public()
    {
        var dj = await app.NewDj();
        var wav = WavWriter.Sine(2.0, 440, amplitude: 0.5);
        var created = await app.Create(dj.Token, new { title = "Sunrise Tone", artist = "Nova", album = "Tests", genre = "ambient", bpm = 120 });
        Assert.Equal(201, created.Status);
        Assert.Equal("no-store", created.Headers.CacheControl.ToString());
        var track = created.Body.GetProperty("track");
        var id = track.GetProperty("id").GetGuid();
        Assert.False(track.GetProperty("scanned").GetBoolean());
        Assert.Equal(JsonValueKind.Null, track.GetProperty("duration").ValueKind);
        Assert.Equal(dj.DjId, track.GetProperty("djId").GetGuid());
        Assert.Equal("BlockBlob", created.Body.GetProperty("uploadHeaders").GetProperty("x-ms-blob-type").GetString());
        var url = created.Str("uploadUrl");
        Assert.Contains(id.ToString("D"), url);

        // Anyone but the owner: not visible before the scan.
        Assert.Equal(404, (await app.Get(null, id)).Status);

        await TracksFixture.UploadThroughSas(url, wav);
        var uploaded = await app.Uploaded(dj.Token, id);
        Assert.Equal(202, uploaded.Status);
        Assert.Equal("queued", uploaded.Body.GetProperty("scan").GetProperty("status").GetString());

        Assert.Equal(1, await app.RunQueuedScans());

        var seen = await app.Get(null, id);
        Assert.Equal(200, seen.Status);
        Assert.True(seen.Body.GetProperty("scanned").GetBoolean());
        Assert.Equal(2, seen.Body.GetProperty("duration").GetInt32());
        Assert.Equal(wav.Length, seen.Body.GetProperty("fileSize").GetInt64());
        Assert.Equal("wav", seen.Str("fileFormat"));
        var waveform = seen.Body.GetProperty("waveform").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal(TrackScanner.WaveformPoints, waveform.Count);
        Assert.All(waveform, p => Assert.InRange(p, 0.49, 0.501));
        var scan = seen.Body.GetProperty("scan");
        Assert.Equal("accepted", scan.GetProperty("status").GetString());
        Assert.Equal(8000, scan.GetProperty("sampleRate").GetInt32());
        Assert.Equal(2.0, scan.GetProperty("durationSeconds").GetDouble());
        Assert.Equal("Sunrise Tone", seen.Str("title"));
    }

    [Fact]
    public async Task The_upload_url_can_write_that_one_blob_but_not_read_it_nor_write_another()
    {
        var dj = await app.NewDj();
        var (id, url) = await app.NewTrack(dj);
        var query = new Uri(url).Query;
        Assert.Contains("sp=cw", query);
        Assert.Contains("sr=b", query);
        var expires = DateTimeOffset.Parse(Uri.UnescapeDataString(query.Split('&').Single(p => p.StartsWith("se=", StringComparison.Ordinal))[3..]));
        Assert.InRange(expires - app.Clock.GetUtcNow(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));

        await TracksFixture.UploadThroughSas(url, WavWriter.Sine(0.5, 440));
        var read = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(new Uri(url)).DownloadContentAsync());
        Assert.Equal(403, read.Status);

        var other = new UriBuilder(url) { Path = new Uri(url).AbsolutePath.Replace(id.ToString("D"), Guid.NewGuid().ToString("D")) }.Uri;
        var write = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(other).UploadAsync(BinaryData.FromString("x")));
        Assert.Equal(403, write.Status);
    }

    [Fact]
    public void With_identity_based_storage_the_upload_url_is_signed_with_a_user_delegation_key()
    {
        var blob = new BlobClient(new Uri("https://nrsgirlsprod.blob.core.windows.net/tracks/" + Guid.NewGuid()));
        var now = DateTimeOffset.UtcNow;
        var key = BlobsModelFactory.UserDelegationKey("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222",
            now.AddMinutes(-5), now.AddDays(1), "b", "2025-01-05", Convert.ToBase64String(new byte[32]));
        var uri = TrackBlobs.SignWithDelegationKey(blob.Uri, TrackBlobs.UploadSas(blob, now.AddMinutes(-5), now.AddMinutes(15)), key, "nrsgirlsprod");
        var q = uri.Query;
        Assert.Contains("skoid=11111111-1111-1111-1111-111111111111", q);
        Assert.Contains("sktid=22222222-2222-2222-2222-222222222222", q);
        Assert.Contains("sp=cw", q);
        Assert.Contains("sr=b", q);
        Assert.Contains("spr=https", q);
        Assert.Contains("sig=", q);
    }

    [Theory]
    [InlineData("mp3", "mp3")]
    [InlineData("flac", "flac")]
    public async Task Mp3_and_flac_files_are_scanned_from_their_own_bytes(string fixture, string format)
    {
        var dj = await app.NewDj();
        var file = fixture == "mp3" ? AudioFixtures.Mp3 : AudioFixtures.StereoFlac;
        var id = await app.UploadedAndScanned(dj, file);
        var seen = await app.Get(null, id);
        Assert.Equal(200, seen.Status);
        Assert.Equal(format, seen.Str("fileFormat"));
        Assert.Equal(1, seen.Body.GetProperty("duration").GetInt32());
        Assert.Equal(file.Length, seen.Body.GetProperty("fileSize").GetInt64());
    }

    [Theory]
    [InlineData("text", "format_unsupported")]
    [InlineData("truncated-wav", "file_truncated")]
    [InlineData("truncated-flac", "file_truncated")]
    [InlineData("empty", "file_empty")]
    public async Task A_refused_file_leaves_the_track_unscanned_with_the_reason_and_visible_to_its_owner_only(string kind, string reason)
    {
        var dj = await app.NewDj();
        var file = kind switch
        {
            "text" => AudioFixtures.Text,
            "truncated-wav" => AudioFixtures.Cut(WavWriter.Sine(1, 440), 0.5),
            "truncated-flac" => AudioFixtures.Cut(AudioFixtures.StereoFlac, 0.7),
            _ => [],
        };
        var id = await app.UploadedAndScanned(dj, file, title: "Bad file");

        Assert.Equal(404, (await app.Get(null, id)).Status);
        var viewer = await app.SignUp();
        Assert.Equal(404, (await app.Get(viewer.Token, id)).Status);
        var own = await app.Get(dj.Token, id);
        Assert.Equal(200, own.Status);
        Assert.False(own.Body.GetProperty("scanned").GetBoolean());
        Assert.Equal("rejected", own.Body.GetProperty("scan").GetProperty("status").GetString());
        Assert.Equal(reason, own.Body.GetProperty("scan").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, own.Body.GetProperty("duration").ValueKind);
        Assert.Equal(0, await app.Scalar<long>("select count(*) from tracks where id = @id and (scanned or duration is not null or file_format is not null)", new { id }));
        Assert.DoesNotContain(id, await ListIds(null, dj.DjId));
        Assert.Contains(id, await ListIds(dj.Token, dj.DjId));
    }

    [Fact]
    public async Task A_redelivered_scan_message_changes_nothing_and_a_new_upload_is_scanned_again()
    {
        var dj = await app.NewDj();
        var (id, url) = await app.NewTrack(dj);
        await TracksFixture.UploadThroughSas(url, WavWriter.Sine(2, 440));
        Assert.Equal(202, (await app.Uploaded(dj.Token, id)).Status);
        Assert.Equal(1, await app.RunQueuedScans());
        var job = (TrackScanJob)app.Services.GetService(typeof(TrackScanJob))!;
        var before = await app.Scalar<string>("select scan_results::text || updated_at::text from tracks where id = @id", new { id });

        Assert.Equal(TrackScanOutcome.AlreadyScanned, await job.RunAsync(new TrackScanMessage(id), default));
        Assert.Equal(before, await app.Scalar<string>("select scan_results::text || updated_at::text from tracks where id = @id", new { id }));
        // POST uploaded again for the same blob: nothing to queue.
        Assert.Equal(202, (await app.Uploaded(dj.Token, id)).Status);
        Assert.Equal(0, await app.RunQueuedScans());

        await TracksFixture.UploadThroughSas(url, WavWriter.Sine(3, 440));
        Assert.Equal(202, (await app.Uploaded(dj.Token, id)).Status);
        Assert.Equal(1, await app.RunQueuedScans());
        Assert.Equal(3, await app.Scalar<int>("select duration from tracks where id = @id", new { id }));
    }

    [Fact]
    public async Task Uploaded_before_any_file_is_409_and_for_someone_elses_track_is_404_or_403()
    {
        var dj = await app.NewDj();
        var (id, url) = await app.NewTrack(dj);
        var early = await app.Uploaded(dj.Token, id);
        Assert.Equal((409, "track_file_missing"), (early.Status, early.Code));
        Assert.Equal("application/problem+json", early.ContentType);

        var other = await app.NewDj();
        var unseen = await app.Uploaded(other.Token, id);
        Assert.Equal((404, "track_not_found"), (unseen.Status, unseen.Code));
        await TracksFixture.UploadThroughSas(url, WavWriter.Sine(1, 440));
        Assert.Equal(202, (await app.Uploaded(dj.Token, id)).Status);
        await app.RunQueuedScans();
        var forbidden = await app.Uploaded(other.Token, id);
        Assert.Equal((403, "track_not_owner"), (forbidden.Status, forbidden.Code));
        Assert.Equal(0, await app.RunQueuedScans());
        Assert.Equal(401, (await app.Uploaded(null, id)).Status);
        Assert.Equal((404, "track_not_found"), ((await app.Uploaded(dj.Token, Guid.NewGuid())).Status, (await app.Uploaded(dj.Token, Guid.NewGuid())).Code));
    }

    public static TheoryData<string, object, string> BadCreates => new()
    {
        { "missing title", new { genre = "house" }, "title" },
        { "blank title", new { title = "   " }, "title" },
        { "oversized title", new { title = new string('x', 256) }, "title" },
        { "oversized artist", new { title = "t", artist = new string('x', 256) }, "artist" },
        { "unknown genre", new { title = "t", genre = "polka" }, "genre" },
        { "bpm too low", new { title = "t", bpm = 5 }, "bpm" },
        { "bpm too high", new { title = "t", bpm = 1000 }, "bpm" },
        { "client claims a duration", new { title = "t", duration = 300 }, "duration" },
        { "client claims a size", new { title = "t", fileSize = 1 }, "fileSize" },
        { "client sets a counter", new { title = "t", playCount = 1000 }, "playCount" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_metadata_is_a_400_naming_the_field_and_writes_nothing(string why, object body, string field)
    {
        var dj = await app.NewDj();
        var before = await app.TrackCount();
        var answer = await app.Create(dj.Token, body);
        Assert.True(answer.Status == 400, $"{why}: {answer.Raw}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.True(answer.FieldErrors(field).Length > 0, answer.Raw);
        Assert.Equal(before, await app.TrackCount());
    }

    [Fact]
    public async Task Only_a_signed_in_dj_with_a_profile_creates_tracks_and_malformed_bodies_are_refused()
    {
        var before = await app.TrackCount();
        Assert.Equal(401, (await app.Create(null, new { title = "t" })).Status);
        var viewer = await app.SignUp();
        Assert.Equal((403, "dj_profile_required"), Pair(await app.Create(viewer.Token, new { title = "t" })));
        var djWithoutProfile = await app.SignUp(Roles.Dj);
        Assert.Equal((403, "dj_profile_required"), Pair(await app.Create(djWithoutProfile.Token, new { title = "t" })));
        var performer = await app.SignUp(Roles.Performer);
        await app.Scalar<Guid>("insert into performer_profiles (user_id, stage_name) values (@u, 'Singer') returning id", new { u = performer.UserId });
        Assert.Equal((403, "dj_profile_required"), Pair(await app.Create(performer.Token, new { title = "t" })));

        var dj = await app.NewDj();
        var wrongType = await app.Create(dj.Token, new { title = "t", bpm = "fast" });
        Assert.Equal(400, wrongType.Status);
        Assert.Contains("bpm", wrongType.Raw);
        Assert.Equal((400, "malformed_json"), Pair(await Http.Call(app.Services, app.Api.CreateTrack(Http.Request(raw: "{\"title\":", token: dj.Token), default))));
        Assert.Equal(415, (await Http.Call(app.Services, app.Api.CreateTrack(Http.Request(raw: "title=t", token: dj.Token, contentType: "text/plain"), default))).Status);
        Assert.Equal(413, (await Http.Call(app.Services, app.Api.CreateTrack(Http.Request(new { title = new string('x', 5000) }, dj.Token), default))).Status);
        Assert.Equal(before, await app.TrackCount());
    }

    private static (int, string?) Pair(Answer a) => (a.Status, a.Code);

    private async Task<List<Guid>> ListIds(string? token, Guid djId)
    {
        var list = await app.List(token, djId);
        Assert.Equal(200, list.Status);
        return list.Body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
    }
}

/// <summary>NRSGIRLS_TRACK_MAX_BYTES lowered to 4 KB: a bigger upload is refused without being read.</summary>
public class TrackSizeLimitTests(SmallTrackLimitFixture app) : IClassFixture<SmallTrackLimitFixture>
{
    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_with_the_reason()
    {
        var dj = await app.NewDj();
        var created = await app.Create(dj.Token, new { title = "Too long" });
        Assert.Equal(4096, created.Body.GetProperty("maxBytes").GetInt64());
        var id = await app.UploadedAndScanned(dj, WavWriter.Sine(1, 440), "Too long"); // 16 KB
        var own = await app.Get(dj.Token, id);
        Assert.Equal("file_too_large", own.Body.GetProperty("scan").GetProperty("reason").GetString());
        Assert.False(own.Body.GetProperty("scanned").GetBoolean());

        var small = await app.UploadedAndScanned(dj, WavWriter.Sine(0.2, 440)); // 3.2 KB
        Assert.Equal(200, (await app.Get(null, small)).Status);
    }
}
