using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Tests.Content;

/// <summary>The whole track flow against the production app served by the local host: HTTP, SAS upload, the host's own queue trigger.</summary>
public class TracksOverLocalHostTests(ProductionHostFixture app) : IClassFixture<ProductionHostFixture>
{
    [Fact]
    public async Task A_dj_creates_uploads_and_the_hosts_queue_trigger_scans_the_track()
    {
        var dj = await app.SignUp(Roles.Dj);
        var djId = await app.Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@u, 'Host DJ') returning id", new { u = dj.UserId });
        var created = await app.SendAsync(HttpMethod.Post, "api/tracks", dj.Token, new { title = "Over HTTP", genre = "techno" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("track").GetProperty("id").GetGuid();

        await TracksFixture.UploadThroughSas(body.RootElement.GetProperty("uploadUrl").GetString()!, WavWriter.Sine(2, 330));
        Assert.Equal(HttpStatusCode.Accepted, (await app.SendAsync(HttpMethod.Post, $"api/tracks/{id}/uploaded", dj.Token)).StatusCode);

        // No test code reads the queue here: the host's listener runs ScanTrack.
        var track = await Poll.UntilAsync(async () => await app.Http.GetAsync($"api/tracks/{id}"), r => r.StatusCode == HttpStatusCode.OK, "the scanned track to be public");
        using var seen = JsonDocument.Parse(await track.Content.ReadAsStringAsync());
        Assert.Equal(2, seen.RootElement.GetProperty("duration").GetInt32());
        Assert.Equal("wav", seen.RootElement.GetProperty("fileFormat").GetString());
        Assert.Contains(app.Host.Invocations.Snapshot(), i => i.Function == "ScanTrack" && i.Succeeded);

        var list = await app.Http.GetAsync($"api/djs/{djId}/tracks?limit=1000");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var search = await app.Http.GetAsync("api/tracks/search?q=over%20htt");
        using var hits = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        Assert.Equal(id, hits.RootElement.GetProperty("items")[0].GetProperty("id").GetGuid());
        var play = await app.Http.PostAsync($"api/tracks/{id}/play", null);
        Assert.Equal(HttpStatusCode.OK, play.StatusCode);
    }
}
