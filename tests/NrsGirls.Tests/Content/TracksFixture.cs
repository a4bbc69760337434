using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using NrsGirls.Functions.Content;
using NrsGirls.Shared.Content;

namespace NrsGirls.Tests.Content;

/// <summary>A DJ as the tests need one: the account (signed in) and its dj_profiles row.</summary>
public sealed record TestDj(TestUser User, Guid DjId)
{
    public string Token => User.Token;
}

/// <summary>The app with the tracks functions at hand, real PostgreSQL, Redis and Azurite.</summary>
public class TracksFixture : AppFixture
{
    public TracksApi Api => Function<TracksApi>();
    public TrackScanFunctions Scans => Function<TrackScanFunctions>();

    /// <summary>A DJ account with its profile (profiles are created by another feature's routes; here by SQL).</summary>
    public async Task<TestDj> NewDj(string? stageName = null)
    {
        var user = await this.SignUp(Roles.Dj);
        var id = await Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@u, @s) returning id",
            new { u = user.UserId, s = stageName ?? "DJ " + user.UserId.ToString("N")[..6] });
        return new TestDj(user, id);
    }

    public Task<Answer> Create(string? token, object body) => Http.Call(Services, Api.CreateTrack(Http.Request(body, token), default));
    public Task<Answer> Uploaded(string? token, Guid id) => Http.Call(Services, Api.TrackUploaded(Http.Request(token: token), id, default));
    public Task<Answer> Get(string? token, Guid id) => Http.Call(Services, Api.GetTrack(Http.Request(token: token), id, default));
    public Task<Answer> Patch(string? token, Guid id, object body) => Http.Call(Services, Api.UpdateTrack(Http.Request(body, token), id, default));
    public Task<Answer> Delete(string? token, Guid id) => Http.Call(Services, Api.DeleteTrack(Http.Request(token: token), id, default));
    public Task<Answer> Like(string? token, Guid id) => Http.Call(Services, Api.LikeTrack(Http.Request(token: token), id, default));
    public Task<Answer> Unlike(string? token, Guid id) => Http.Call(Services, Api.UnlikeTrack(Http.Request(token: token), id, default));

    public Task<Answer> Play(Guid id, string? ip = null, string? token = null) =>
        Http.Call(Services, Api.PlayTrack(Http.Request(token: token, ip: ip), id, default));

    public Task<Answer> List(string? token, Guid djId, string query = "") =>
        Http.Call(Services, Api.ListDjTracks(Http.Request(token: token, query: query), djId, default));

    public Task<Answer> Search(string query, string? token = null) =>
        Http.Call(Services, Api.SearchTracks(Http.Request(token: token, query: query), default));

    /// <summary>POST tracks by the DJ; asserts 201.</summary>
    public async Task<(Guid Id, string UploadUrl)> NewTrack(TestDj dj, string title = "Untitled", string? genre = "house")
    {
        var created = await Create(dj.Token, new { title, genre });
        Assert.True(created.Status == 201, created.Raw);
        var track = created.Body.GetProperty("track");
        return (track.GetProperty("id").GetGuid(), created.Str("uploadUrl"));
    }

    /// <summary>PUT the bytes through the SAS URL, as a client would, with nothing but the URL.</summary>
    public static async Task UploadThroughSas(string uploadUrl, byte[] file) =>
        await new BlobClient(new Uri(uploadUrl)).UploadAsync(BinaryData.FromBytes(file), overwrite: true);

    /// <summary>Create, upload, POST uploaded, run the queued scan: the whole client flow. Returns the track id.</summary>
    public async Task<Guid> UploadedAndScanned(TestDj dj, byte[] file, string title = "Untitled", string? genre = "house")
    {
        var (id, url) = await NewTrack(dj, title, genre);
        await UploadThroughSas(url, file);
        var uploaded = await Uploaded(dj.Token, id);
        Assert.True(uploaded.Status == 202, uploaded.Raw);
        Assert.True(await RunQueuedScans() >= 1);
        return id;
    }

    public QueueClient ScanQueue => Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Services.GetRequiredService<QueueNames>().TrackScans);

    /// <summary>Reads every message on this fixture's track-scans queue and runs the queue function on it, as the host would.</summary>
    public async Task<int> RunQueuedScans()
    {
        var queue = ScanQueue;
        await queue.CreateIfNotExistsAsync();
        var handled = 0;
        while (true)
        {
            var message = (await queue.ReceiveMessageAsync()).Value;
            if (message is null) return handled;
            var body = JsonSerializer.Deserialize<TrackScanMessage>(message.Body.ToString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            await Scans.ScanTrack(body, default);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            handled++;
        }
    }

    public BlobClient Blob(Guid id) => Services.GetRequiredService<TrackBlobs>().Blob(id);

    /// <summary>A scanned track inserted directly (lists, search, plays and likes need many, fast).</summary>
    public Task<Guid> InsertScannedTrack(Guid djId, string title, string? artist = null, string? album = null, string? genre = null,
        DateTime? uploadDate = null) =>
        Scalar<Guid>("""
            insert into tracks (dj_id, title, artist, album, genre, duration, file_url, file_size, file_format, scanned, scan_results, upload_date)
            values (@djId, @title, @artist, @album, @genre, 60, 'http://example.invalid/t', 1000, 'wav', true, '{"status":"accepted"}', coalesce(@uploadDate, now()))
            returning id
            """, new { djId, title, artist, album, genre, uploadDate });

    public Task<long> TrackCount() => Scalar<long>("select count(*) from tracks");
}

/// <summary>The same app with a 4 KB track limit, to see oversize files refused.</summary>
public sealed class SmallTrackLimitFixture : TracksFixture
{
    protected override IDictionary<string, string?>? Overrides => new Dictionary<string, string?> { [SettingNames.TrackMaxBytes] = "4096" };
}
