using NrsGirls.Functions.Moderation;
using NrsGirls.Shared.Moderation;
using NrsGirls.Tests.Creators;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Moderation;

public class ReportTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private static (int, string?) S(Answer a) => (a.Status, a.Code);

    private Task<Answer> File(object body, string token) => app.Call<ReportsApi>(f => f.FileReport(Req(body, token), default));
    private Task<Answer> FileRaw(string raw, string token) => app.Call<ReportsApi>(f => f.FileReport(Http.Request(token: token, raw: raw), default));
    private Task<Answer> Decide(Guid id, object body, string token) => app.Call<ReportsApi>(f => f.DecideReport(Req(body, token), id, default));
    private Task<Answer> List(string query, string token) => app.Call<ReportsApi>(f => f.ListReports(Req(token: token, query: query), default));
    private Task<long> Reports(Guid reporter) => app.Count("select count(*) from reports where reporter_id = @reporter", new { reporter });

    private async Task<Guid> NewStream(Guid creatorId, string type) =>
        await app.Scalar<Guid>("insert into streams (creator_id, creator_type, title, status) values (@creatorId, @type, 'Test stream', 'live') returning id",
            new { creatorId, type });

    [Fact]
    public async Task A_signed_in_user_reports_a_user_once_while_it_is_open()
    {
        var reporter = await app.SignUp();
        var target = await app.SignUp();
        var first = await File(new { reportedUserId = target.UserId, reportType = "spam", description = "  Sends links.  " }, reporter.Token);
        Assert.Equal(201, first.Status);
        Assert.Equal(("pending", "Sends links."), (first.Str("status"), first.Str("description")));

        var again = await File(new { reportedUserId = target.UserId, reportType = "harassment", description = "Again." }, reporter.Token);
        Assert.Equal((409, "report_already_open"), S(again));
        Assert.Equal(1, await Reports(reporter.UserId));

        // Someone else may report the same user; a decided report frees the slot.
        var other = await app.SignUp();
        Assert.Equal(201, (await File(new { reportedUserId = target.UserId, reportType = "spam", description = "Me too." }, other.Token)).Status);
        await app.Scalar<int>("update reports set status = 'dismissed' where reporter_id = @id returning 1", new { id = reporter.UserId });
        Assert.Equal(201, (await File(new { reportedUserId = target.UserId, reportType = "spam", description = "Still." }, reporter.Token)).Status);
    }

    [Fact]
    public async Task Streams_and_chat_messages_can_be_reported_but_not_ones_own()
    {
        var (dj, djId) = await app.NewDj();
        var stream = await NewStream(djId, "dj");
        var viewer = await app.SignUp();
        Assert.Equal(201, (await File(new { reportedStreamId = stream, reportType = "copyright", description = "Unlicensed set." }, viewer.Token)).Status);
        // A chat message id is a MongoDB ObjectId; anything else names the field. A well-formed one needs MongoDB
        // to be found: without it 503 chat_unavailable (like every chat route), with it 404 for an unknown id.
        var notObjectId = await File(new { reportedMessageId = Guid.NewGuid().ToString(), reportType = "harassment", description = "Slur in chat." }, viewer.Token);
        Assert.Equal((400, "validation_failed"), S(notObjectId));
        Assert.NotEmpty(notObjectId.FieldErrors("reportedMessageId"));
        var unknown = await File(new { reportedMessageId = MongoDB.Bson.ObjectId.GenerateNewId().ToString(), reportType = "harassment", description = "Slur in chat." }, viewer.Token);
        Assert.Equal(app.Services.GetRequiredService<NrsGirls.Shared.Mongo.MongoStore>().IsConfigured ? (404, "reported_message_not_found") : (503, "chat_unavailable"), S(unknown));
        Assert.Equal(1, await Reports(viewer.UserId));

        Assert.Equal((400, "cannot_report_self"), S(await File(new { reportedStreamId = stream, reportType = "spam", description = "x" }, dj.Token)));
        Assert.Equal((400, "cannot_report_self"), S(await File(new { reportedUserId = dj.UserId, reportType = "spam", description = "x" }, dj.Token)));
        Assert.Equal((404, "reported_stream_not_found"), S(await File(new { reportedStreamId = Guid.NewGuid(), reportType = "spam", description = "x" }, viewer.Token)));
        Assert.Equal((404, "reported_user_not_found"), S(await File(new { reportedUserId = Guid.NewGuid(), reportType = "spam", description = "x" }, viewer.Token)));
        Assert.Equal(0, await Reports(dj.UserId));
    }

    public static TheoryData<string, string> BadReports() => new()
    {
        { """{"reportType":"spam","description":"x"}""", "target" },
        { """{"reportedUserId":"00000000-0000-0000-0000-000000000001","reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"spam","description":"x"}""", "target" },
        { """{"reportedMessageId":"00000000-0000-0000-0000-000000000002","description":"x"}""", "reportType" },
        { """{"reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"rudeness","description":"x"}""", "reportType" },
        { """{"reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"spam"}""", "description" },
        { """{"reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"spam","description":"   "}""", "description" },
        { $$"""{"reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"spam","description":"{{new string('d', 2001)}}"}""", "description" },
        { """{"reportedMessageId":"00000000-0000-0000-0000-000000000002","reportType":"spam","description":"x","status":"resolved"}""", "status" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_report_names_the_field_and_writes_nothing(string body, string field)
    {
        var reporter = await app.SignUp();
        var answer = await FileRaw(body, reporter.Token);
        Assert.Equal((400, "validation_failed"), S(answer));
        Assert.NotEmpty(answer.FieldErrors(field));
        Assert.Equal(0, await Reports(reporter.UserId));
    }

    [Fact]
    public async Task A_target_id_that_is_no_uuid_is_a_400_naming_the_field()
    {
        var reporter = await app.SignUp();
        var answer = await FileRaw("""{"reportedMessageId":"not-a-uuid","reportType":"spam","description":"x"}""", reporter.Token);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors("reportedMessageId"));
        Assert.Equal(0, await Reports(reporter.UserId));
    }

    [Fact]
    public async Task Reports_follow_the_workflow_and_any_other_move_is_409_with_the_current_status()
    {
        var admin = await app.NewAdmin();
        var reporter = await app.SignUp();
        var target = await app.SignUp();
        var id = Guid.Parse((await File(new { reportedUserId = target.UserId, reportType = "spam", description = "x" }, reporter.Token)).Str("id"));

        var skip = await Decide(id, new { status = "resolved" }, admin.Token);
        Assert.Equal((409, "report_transition_not_allowed"), S(skip));
        Assert.Contains("pending", skip.Str("detail"));
        Assert.Equal(1, await app.Count("select count(*) from reports where id = @id and status = 'pending' and reviewed_by is null", new { id }));

        var reviewing = await Decide(id, new { status = "reviewing" }, admin.Token);
        Assert.Equal((200, "reviewing"), (reviewing.Status, reviewing.Str("status")));
        Assert.Equal(admin.UserId.ToString(), reviewing.Str("reviewedBy"));
        var resolved = await Decide(id, new { status = "resolved", resolutionNotes = "Account warned." }, admin.Token);
        Assert.Equal(("resolved", "Account warned."), (resolved.Str("status"), resolved.Str("resolutionNotes")));
        Assert.Equal(1, await app.Count("""
            select count(*) from reports where id = @id and status = 'resolved' and reviewed_by = @admin and reviewed_at is not null
            """, new { id, admin = admin.UserId }));

        foreach (var status in new[] { "reviewing", "dismissed", "pending", "resolved" })
        {
            var refused = await Decide(id, new { status }, admin.Token);
            Assert.Equal((409, "report_transition_not_allowed"), S(refused));
            Assert.Contains("resolved", refused.Str("detail"));
        }
    }

    [Fact]
    public async Task Only_admins_decide_or_list_and_bad_decisions_are_named()
    {
        var admin = await app.NewAdmin();
        var reporter = await app.SignUp();
        var target = await app.SignUp();
        var id = Guid.Parse((await File(new { reportedUserId = target.UserId, reportType = "other", description = "x" }, reporter.Token)).Str("id"));

        Assert.Equal((403, "forbidden"), S(await Decide(id, new { status = "reviewing" }, reporter.Token)));
        Assert.Equal((403, "forbidden"), S(await List("", reporter.Token)));
        Assert.NotEmpty((await Decide(id, new { status = "closed" }, admin.Token)).FieldErrors("status"));
        Assert.NotEmpty((await Decide(id, new { }, admin.Token)).FieldErrors("status"));
        Assert.NotEmpty((await Decide(id, new { status = "reviewing", resolutionNotes = new string('n', 2001) }, admin.Token)).FieldErrors("resolutionNotes"));
        Assert.NotEmpty((await Decide(id, new { status = "reviewing", reviewedBy = Guid.NewGuid() }, admin.Token)).FieldErrors("reviewedBy"));
        Assert.Equal((404, "report_not_found"), S(await Decide(Guid.NewGuid(), new { status = "reviewing" }, admin.Token)));
        Assert.Equal(1, await app.Count("select count(*) from reports where id = @id and status = 'pending'", new { id }));
    }

    [Fact]
    public async Task The_admin_queue_filters_by_status_and_type_and_pages_newest_first()
    {
        var admin = await app.NewAdmin();
        var reporter = await app.SignUp();
        var filed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var target = await app.SignUp();
            filed.Add((await File(new { reportedUserId = target.UserId, reportType = "copyright", description = $"c{i}" }, reporter.Token)).Str("id"));
        }
        await Decide(Guid.Parse(filed[0]), new { status = "reviewing" }, admin.Token);

        var pending = await List("status=pending&type=copyright&limit=1000", admin.Token);
        var ids = pending.Body.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains(filed[1], ids);
        Assert.DoesNotContain(filed[0], ids);
        Assert.All(pending.Body.GetProperty("items").EnumerateArray(), r => Assert.Equal("copyright", r.GetProperty("reportType").GetString()));

        var page1 = await List("type=copyright&limit=1", admin.Token);
        var first = Assert.Single(page1.Body.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
        var page2 = await List("type=copyright&limit=1&cursor=" + page1.Body.GetProperty("nextCursor").GetString(), admin.Token);
        var second = Assert.Single(page2.Body.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
        Assert.NotEqual(first, second);

        Assert.NotEmpty((await List("status=open", admin.Token)).FieldErrors("status"));
        Assert.NotEmpty((await List("type=rudeness", admin.Token)).FieldErrors("type"));
        Assert.NotEmpty((await List("status=pending&status=resolved", admin.Token)).FieldErrors("status"));
        Assert.Equal((400, "invalid_cursor"), S(await List("cursor=abc", admin.Token)));
    }

    /// <summary>One activity document per filing and per transition (none for a refused move); needs a real mongod.</summary>
    [MongoFact]
    public async Task A_real_chat_message_is_reported_by_its_id_but_not_by_its_author()
    {
        var mongo = app.Services.GetRequiredService<NrsGirls.Shared.Mongo.MongoStore>();
        var author = await app.SignUp();
        var viewer = await app.SignUp();
        var id = MongoDB.Bson.ObjectId.GenerateNewId();
        await mongo.Database!.GetCollection<MongoDB.Bson.BsonDocument>(NrsGirls.Shared.Mongo.MongoStore.ChatMessages).InsertOneAsync(
            NrsGirls.Shared.Chat.ChatDocuments.NewMessage(id, Guid.NewGuid(), author.UserId, "someone", NrsGirls.Shared.Chat.ChatRoles.Viewer, "a slur",
                NrsGirls.Shared.Chat.ChatDocuments.ToMillis(DateTimeOffset.UtcNow), new NrsGirls.Shared.Chat.ChatMetadata([], [], [])));

        var filed = await File(new { reportedMessageId = id.ToString().ToUpperInvariant(), reportType = "harassment", description = "Slur." }, viewer.Token);
        Assert.Equal(201, filed.Status);
        Assert.Equal(id.ToString(), filed.Str("reportedMessageId"));
        Assert.Equal((400, "cannot_report_self"), S(await File(new { reportedMessageId = id.ToString(), reportType = "spam", description = "x" }, author.Token)));
        Assert.Equal((409, "report_already_open"), S(await File(new { reportedMessageId = id.ToString(), reportType = "spam", description = "x" }, viewer.Token)));
    }

    [MongoFact]
    public async Task Each_report_transition_writes_one_activity_document()
    {
        var admin = await app.NewAdmin();
        var reporter = await app.SignUp();
        var target = await app.SignUp();
        var id = Guid.Parse((await File(new { reportedUserId = target.UserId, reportType = "spam", description = "x" }, reporter.Token)).Str("id"));
        await Decide(id, new { status = "reviewing" }, admin.Token);
        await Decide(id, new { status = "dismissed" }, admin.Token);
        await Decide(id, new { status = "resolved" }, admin.Token); // refused: no entry

        var logs = new NrsGirls.Shared.Mongo.MongoStore(new NrsGirls.Shared.Configuration.MongoOptions { Uri = MongoFactAttribute.Uri }).Database!
            .GetCollection<MongoDB.Bson.BsonDocument>(NrsGirls.Shared.Mongo.MongoStore.ActivityLogs);
        var filter = MongoDB.Driver.Builders<MongoDB.Bson.BsonDocument>.Filter.Eq("resourceId",
            new MongoDB.Bson.BsonBinaryData(id, MongoDB.Bson.GuidRepresentation.Standard));
        var docs = await MongoDB.Driver.IAsyncCursorSourceExtensions.ToListAsync(MongoDB.Driver.IMongoCollectionExtensions.Find(logs, filter));
        Assert.Equal([ReportService.ReportFiled, ReportService.ReportTransition, ReportService.ReportTransition],
            docs.Select(d => d["action"].AsString).Order().ToList());
    }

    [Fact]
    public void The_partial_unique_index_and_the_workflow_agree_on_what_is_open()
    {
        Assert.Equal("pending", ReportRules.From["reviewing"]);
        Assert.Equal("reviewing", ReportRules.From["resolved"]);
        Assert.Equal("reviewing", ReportRules.From["dismissed"]);
        Assert.False(ReportRules.From.ContainsKey("pending"));
    }
}
