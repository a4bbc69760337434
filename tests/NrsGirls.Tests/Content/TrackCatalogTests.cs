using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Tests.Content;

/// <summary>GET tracks/{id}, GET djs/{id}/tracks, PATCH and DELETE tracks/{id}, and the blob cleanup.</summary>
public class TrackCatalogTests(TracksFixture app) : IClassFixture<TracksFixture>
{
    private static List<Guid> Ids(Answer a) => a.Body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_djs_tracks_page_newest_first_by_keyset_without_gaps_or_repeats()
    {
        var dj = await app.NewDj();
        var t0 = DateTime.UtcNow.AddDays(-1);
        var ids = new List<Guid>();
        // Seven tracks, two of them at the very same instant (the id breaks the tie).
        for (var i = 0; i < 7; i++) ids.Add(await app.InsertScannedTrack(dj.DjId, $"Track {i}", uploadDate: t0.AddMinutes(i == 6 ? 5 : i)));
        var expected = (await Task.WhenAll(ids.Select(async id => (id, at: await app.Scalar<DateTime>("select upload_date from tracks where id = @id", new { id })))))
            .OrderByDescending(x => x.at).ThenByDescending(x => x.id).Select(x => x.id).ToList();

        var (seen, pages) = await Pages.AllAsync(next => app.List(null, dj.DjId, "limit=2" + next));
        Assert.Equal(expected, seen.Select(Guid.Parse));
        Assert.Equal(4, pages);

        var capped = await app.List(null, dj.DjId, "limit=1000");
        Assert.Equal(200, capped.Status);
        Assert.Equal(7, Ids(capped).Count);
        Assert.Equal(200, (await app.List(null, dj.DjId, "limit=99999999999999")).Status);
    }

    [Fact]
    public async Task Bad_list_parameters_and_unknown_djs_are_named_4xx()
    {
        var dj = await app.NewDj();
        Assert.Equal((400, "invalid_cursor"), Pair(await app.List(null, dj.DjId, "cursor=not-a-cursor")));
        Assert.Equal((400, "invalid_cursor"), Pair(await app.List(null, dj.DjId, "cursor=cnwxMjN8eA")));
        // Well-formed, but a search cursor (a rank where the upload time goes): not this list's.
        var rankCursor = NrsGirls.Shared.Paging.PageRequest.Encode(NrsGirls.Shared.Paging.PageRequest.Rank(0.5f), Guid.NewGuid().ToString());
        Assert.Equal((400, "invalid_cursor"), Pair(await app.List(null, dj.DjId, "cursor=" + rankCursor)));
        var badLimit = await app.List(null, dj.DjId, "limit=ten");
        Assert.Equal(400, badLimit.Status);
        Assert.NotEmpty(badLimit.FieldErrors("limit"));
        Assert.Equal((404, "creator_not_found"), Pair(await app.List(null, Guid.NewGuid())));
        Assert.Equal(401, (await app.List("forged-token", dj.DjId)).Status);
    }

    [Fact]
    public async Task Unscanned_tracks_are_listed_for_their_owner_and_admins_only_and_deleted_ones_for_nobody()
    {
        var dj = await app.NewDj();
        var pub = await app.InsertScannedTrack(dj.DjId, "Public");
        var (pending, _) = await app.NewTrack(dj, "Pending");
        var gone = await app.InsertScannedTrack(dj.DjId, "Gone");
        Assert.Equal(204, (await app.Delete(dj.Token, gone)).Status);
        var admin = await Admin();
        var viewer = await app.SignUp();

        Assert.Equal([pub], Ids(await app.List(null, dj.DjId)));
        Assert.Equal([pub], Ids(await app.List(viewer.Token, dj.DjId)));
        Assert.Equal([pending, pub], Ids(await app.List(dj.Token, dj.DjId)));
        Assert.Equal([pending, pub], Ids(await app.List(admin.Token, dj.DjId)));
        Assert.Equal(404, (await app.Get(dj.Token, gone)).Status);
        Assert.Equal(200, (await app.Get(admin.Token, pending)).Status);
    }

    [Fact]
    public async Task A_track_of_a_deleted_account_is_not_found()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Orphan");
        var stranger = await app.NewDj();
        Assert.Equal(200, (await app.Get(null, id)).Status);
        Assert.Equal((403, "track_not_owner"), Pair(await app.Uploaded(stranger.Token, id)));
        await app.Scalar<int>("update users set deleted_at = now() where id = @u returning 1", new { u = dj.User.UserId });
        Assert.Equal((404, "track_not_found"), Pair(await app.Get(null, id)));
        Assert.Equal((404, "track_not_found"), Pair(await app.Uploaded(stranger.Token, id))); // not 403: that would tell it exists
        Assert.Equal((404, "creator_not_found"), Pair(await app.List(null, dj.DjId)));
        Assert.Equal((404, "track_not_found"), Pair(await app.Get(null, Guid.NewGuid())));
    }

    [Fact]
    public async Task The_owner_and_admins_patch_metadata_and_null_clears_an_optional_field()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Old", artist: "A", album: "B", genre: "house");
        var patched = await app.Patch(dj.Token, id, new { title = "  New title ", album = (string?)null, genre = "techno", bpm = 128 });
        Assert.Equal(200, patched.Status);
        Assert.Equal(("New title", "A", "techno", 128), (patched.Str("title"), patched.Str("artist"), patched.Str("genre"), patched.Body.GetProperty("bpm").GetInt32()));
        Assert.Equal(JsonValueKind.Null, patched.Body.GetProperty("album").ValueKind);

        var admin = await Admin();
        Assert.Equal("By admin", (await app.Patch(admin.Token, id, new { title = "By admin" })).Str("title"));
    }

    public static TheoryData<string, object, string?> BadPatches => new()
    {
        { "unknown genre", new { genre = "polka" }, "genre" },
        { "null title", new { title = (string?)null }, "title" },
        { "oversized album", new { album = new string('x', 256) }, "album" },
        { "bpm out of range", new { bpm = 0 }, "bpm" },
        { "bpm not a number", new { bpm = "fast" }, "bpm" },
        { "title not text", new { title = 5 }, "title" },
        { "scan facts", new { duration = 10 }, "duration" },
        { "counters", new { likeCount = 10 }, "likeCount" },
        { "unknown field", new { colour = "red" }, "colour" },
        { "nothing to change", new { }, null },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task Bad_patches_are_400_naming_the_problem_and_change_nothing(string why, object body, string? field)
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Keep", genre: "house");
        var before = await Snapshot(id);
        var answer = await app.Patch(dj.Token, id, body);
        Assert.True(answer.Status == 400, $"{why}: {answer.Raw}");
        Assert.Equal("application/problem+json", answer.ContentType);
        if (field is null) Assert.Equal("track_patch_empty", answer.Code);
        else Assert.True(answer.FieldErrors(field).Length > 0, answer.Raw);
        Assert.Equal(before, await Snapshot(id));
    }

    [Fact]
    public async Task Nobody_but_the_owner_or_an_admin_patches_or_deletes_a_track()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Mine");
        var before = await Snapshot(id);
        var otherDj = await app.NewDj();
        var viewer = await app.SignUp();
        foreach (var token in new[] { otherDj.Token, viewer.Token })
        {
            Assert.Equal((403, "track_not_owner"), Pair(await app.Patch(token, id, new { title = "Stolen" })));
            Assert.Equal((403, "track_not_owner"), Pair(await app.Delete(token, id)));
        }
        Assert.Equal(401, (await app.Patch(null, id, new { title = "Anon" })).Status);
        Assert.Equal(401, (await app.Delete(null, id)).Status);
        // Someone else's unscanned track does not even exist for them.
        var (pending, _) = await app.NewTrack(dj, "Pending");
        Assert.Equal((404, "track_not_found"), Pair(await app.Patch(otherDj.Token, pending, new { title = "x" })));
        Assert.Equal(before, await Snapshot(id));
        Assert.Equal(0, await app.Scalar<long>("select count(*) from tracks where deleted_at is not null and dj_id = @d", new { d = dj.DjId }));
    }

    [Fact]
    public async Task Delete_is_soft_and_the_queued_cleanup_deletes_the_blob_once()
    {
        var dj = await app.NewDj();
        var id = await app.UploadedAndScanned(dj, WavWriter.Sine(1, 440));
        Assert.True((await app.Blob(id).ExistsAsync()).Value);

        Assert.Equal(204, (await app.Delete(dj.Token, id)).Status);
        Assert.Equal(404, (await app.Get(dj.Token, id)).Status);
        Assert.Equal((404, "track_not_found"), Pair(await app.Delete(dj.Token, id)));
        Assert.Equal(1, await app.Scalar<long>("select count(*) from tracks where id = @id and deleted_at is not null and file_deleted_at is null", new { id }));

        Assert.Equal(1, await app.RunQueuedScans());
        Assert.False((await app.Blob(id).ExistsAsync()).Value);
        Assert.Equal(1, await app.Scalar<long>("select count(*) from tracks where id = @id and file_deleted_at is not null", new { id }));
        // A redelivered cleanup message is harmless.
        await app.Scans.ScanTrack(new Shared.Content.TrackScanMessage(id), default);
    }

    [Fact]
    public async Task The_hourly_sweep_deletes_blobs_whose_cleanup_message_was_lost_and_admins_may_delete()
    {
        var dj = await app.NewDj();
        var id = await app.UploadedAndScanned(dj, WavWriter.Sine(1, 440));
        var admin = await Admin();
        Assert.Equal(204, (await app.Delete(admin.Token, id)).Status);
        await app.ScanQueue.ClearMessagesAsync(); // the message is lost

        Assert.True((await app.Blob(id).ExistsAsync()).Value);
        await app.Scans.CleanupDeletedTracks(new Microsoft.Azure.Functions.Worker.TimerInfo(), default);
        Assert.False((await app.Blob(id).ExistsAsync()).Value);
        Assert.Equal(0, await app.Scalar<long>("select count(*) from tracks where deleted_at is not null and file_deleted_at is null"));
    }

    private Task<TestUser> Admin() => app.NewAdmin();

    private Task<string> Snapshot(Guid id) => app.Scalar<string>("select row_to_json(t)::text from tracks t where id = @id", new { id });

    private static (int, string?) Pair(Answer a) => (a.Status, a.Code);
}
