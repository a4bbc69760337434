using Azure.Storage.Queues;
using NrsGirls.Functions.Operations;
using NrsGirls.Shared.Operations;
using NrsGirls.Shared.Storage;

namespace NrsGirls.Tests.Operations;

public class StatsAndDeepHealthTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<string> AdminTokenAsync() => (await app.NewAdmin()).Token;

    [Fact]
    public async Task Stats_are_for_admins_only_and_a_viewer_gets_403()
    {
        var viewer = await app.SignUp(Roles.Viewer);
        var answer = await Http.Call(app.Services, app.Function<OperationsApi>().DatabaseStats(Http.Request(token: viewer.Token), default));
        Assert.Equal(403, answer.Status);
        Assert.Equal(401, (await Http.Call(app.Services, app.Function<OperationsApi>().DatabaseStats(Http.Request(), default))).Status);
        Assert.Equal(403, (await Http.Call(app.Services, app.Function<OperationsApi>().DeepHealth(Http.Request(token: viewer.Token), default))).Status);
    }

    [Fact]
    public async Task Stats_report_the_pool_sizes_with_growth_indexes_cache_redis_and_every_queue_with_its_poison_twin()
    {
        var token = await AdminTokenAsync();
        var runs = app.Services.GetRequiredService<OperationsStore>();
        // Yesterday's snapshot, smaller than today: growth shows.
        await runs.SnapshotSizesAsync(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1), default);
        await using (var c = new NpgsqlConnection(app.OwnerConnectionString))
            await c.ExecuteAsync("update relation_size_snapshots set bytes = 0 where relation = 'users'");
        // Hold one pooled connection so the pool shows it busy.
        await using var held = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        var answer = await Http.Call(app.Services, app.Function<OperationsApi>().DatabaseStats(Http.Request(token: token), default));

        Assert.True(answer.Status == 200, answer.Raw);
        var pg = answer.Body.GetProperty("postgres");
        Assert.True(pg.GetProperty("pool").GetProperty("busy").GetInt32() >= 1, pg.GetProperty("pool").GetRawText());
        Assert.Equal(20, pg.GetProperty("pool").GetProperty("max").GetInt32());
        Assert.True(pg.GetProperty("databaseBytes").GetInt64() > 0);
        var users = pg.GetProperty("largestTables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "users");
        Assert.Equal(users.GetProperty("bytes").GetInt64(), users.GetProperty("growth").GetInt64());
        Assert.True(pg.GetProperty("cacheHitRate").GetDouble() is > 0 and <= 1);
        Assert.NotEmpty(pg.GetProperty("mostUsedIndexes").EnumerateArray());
        // The test cluster preloads pg_stat_statements and migration 011 creates it where allowed.
        Assert.True(pg.GetProperty("statementsNote").ValueKind == System.Text.Json.JsonValueKind.Null, pg.GetProperty("statementsNote").ToString());
        Assert.NotEmpty(pg.GetProperty("slowestStatements").EnumerateArray());
        Assert.True(answer.Body.GetProperty("redis").GetProperty("connectedClients").GetInt64() >= 1);
        var queues = answer.Body.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()).ToList();
        var names = app.Services.GetRequiredService<QueueNames>();
        Assert.Contains(names.Tips, queues);
        Assert.Contains(StorageNames.Poison(names.Notifications), queues);
    }

    [Fact]
    public async Task Deep_health_turns_red_naming_the_poison_queue_and_green_again_when_it_is_emptied()
    {
        var token = await AdminTokenAsync();
        var names = app.Services.GetRequiredService<QueueNames>();
        var poison = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Poison(names.TrackScans));
        await poison.CreateIfNotExistsAsync();
        await poison.ClearMessagesAsync();
        var before = await Http.Call(app.Services, app.Function<OperationsApi>().DeepHealth(Http.Request(token: token), default));
        Assert.True(before.Status == 200, before.Raw);

        await poison.SendMessageAsync("{\"broken\":true}");
        var red = await Http.Call(app.Services, app.Function<OperationsApi>().DeepHealth(Http.Request(token: token), default));

        Assert.Equal(503, red.Status);
        Assert.Equal("red", red.Str("status"));
        Assert.Contains(red.Body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains(poison.Name, StringComparison.Ordinal));
        await poison.ClearMessagesAsync();
        Assert.Equal(200, (await Http.Call(app.Services, app.Function<OperationsApi>().DeepHealth(Http.Request(token: token), default))).Status);
    }

    [Fact]
    public async Task Deep_health_is_red_after_a_failed_backup_in_the_last_day_until_a_later_backup_succeeds()
    {
        var runs = app.Services.GetRequiredService<OperationsStore>();
        var check = new RecentOperationFailuresCheck(runs, app.Clock);
        var id = (await runs.ClaimAsync(OperationsStore.Backup, "deep-fail", app.Clock.GetUtcNow(), TimeSpan.FromHours(6), default))!.Value;
        await runs.FailAsync(id, app.Clock.GetUtcNow(), "disk full", "{}", default);

        var problems = await check.CheckAsync(default);
        Assert.Contains(problems, p => p.Contains("deep-fail", StringComparison.Ordinal) && p.Contains("disk full", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var ok = (await runs.ClaimAsync(OperationsStore.Backup, "deep-ok", app.Clock.GetUtcNow(), TimeSpan.FromHours(6), default))!.Value;
        await runs.CompleteAsync(ok, app.Clock.GetUtcNow(), "x", 1, false, "{}", default);
        Assert.Empty(await check.CheckAsync(default));
    }

    [Fact]
    public void The_mongo_size_command_is_collstats_by_collection_name()
    {
        Assert.Equal("{ \"collStats\" : \"chat_messages\" }", StatsService.CollStatsCommand("chat_messages").ToString());
    }
}
