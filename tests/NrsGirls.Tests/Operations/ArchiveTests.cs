using MongoDB.Bson;
using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.Operations;

public static class LedgerArchiveSetup
{
    public static async Task OldPartitionAsync(this AppFixture app, string name, string from, string to, int rows)
    {
        await using var c = new NpgsqlConnection(app.OwnerConnectionString);
        var user = await c.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values (@e, 'h', 'viewer') returning id", new { e = AccountFlows.NewEmail() });
        await c.ExecuteAsync($"create table {name} partition of transactions for values from ('{from}') to ('{to}')");
        for (var i = 0; i < rows; i++)
            await c.ExecuteAsync("""
                insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status, created_at)
                values (@user, gen_random_uuid(), 'dj', 'tip', 10.00, 2.00, 8.00, 'completed', @at::timestamptz + @i * interval '1 hour')
                """, new { user, at = from, i });
    }

    public static Task<bool> Exists(this AppFixture app, string table) => app.Scalar<bool>("select to_regclass(@t) is not null", new { t = "public." + table });
}

/// <summary>Its own class (and so its own database): the other archive tests count every part.</summary>
public class ArchiveLockTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task While_one_archive_run_holds_the_database_another_is_skipped_and_touches_nothing()
    {
        await app.OldPartitionAsync("transactions_y2011m05", "2011-05-01 00:00:00+00", "2011-06-01 00:00:00+00", 2);
        var postgres = app.Services.GetRequiredService<PostgresOptions>();
        var archive = app.Services.GetRequiredService<ArchiveService>();

        await using (var held = await OperationLock.TryTakeAsync(postgres, OperationsStore.Archive, default))
        {
            Assert.NotNull(held);
            Assert.Null(await OperationLock.TryTakeAsync(postgres, OperationsStore.Archive, default));
            var skipped = await archive.RunAsync(default);
            Assert.Equal([ArchiveService.Busy], skipped.Notes);
            Assert.Empty(skipped.Archived);
            Assert.True(await app.Exists("transactions_y2011m05"));
        }

        // Released with its session: the next run does the work.
        Assert.Contains("ledger/transactions_y2011m05", (await archive.RunAsync(default)).Archived);
        Assert.False(await app.Exists("transactions_y2011m05"));
    }
}

public class LedgerArchiveTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Partitions_past_the_financial_retention_are_archived_verified_dropped_and_can_be_restored_for_an_audit_and_younger_ones_stay()
    {
        await app.OldPartitionAsync("transactions_y2012m03", "2012-03-01 00:00:00+00", "2012-04-01 00:00:00+00", 3);
        var young = $"transactions_y{DateTime.UtcNow.AddYears(-9):yyyy}m01";
        await app.OldPartitionAsync(young, $"{DateTime.UtcNow.AddYears(-9):yyyy}-01-01 00:00:00+00", $"{DateTime.UtcNow.AddYears(-9):yyyy}-02-01 00:00:00+00", 1);
        var archive = app.Services.GetRequiredService<ArchiveService>();

        var report = await archive.RunAsync(default);

        Assert.Equal(["ledger/transactions_y2012m03"], report.Archived);
        Assert.False(await app.Exists("transactions_y2012m03"));
        Assert.True(await app.Exists(young), "nine years old: inside the retention window, kept");
        var part = Assert.Single(await archive.ListAsync(default));
        Assert.Equal(("removed", 3L), (part.Status, part.RowCount));

        // A second run finds nothing to do and writes no second archive.
        Assert.Empty((await archive.RunAsync(default)).Archived);

        var (table, rows) = await archive.RestoreAsync("ledger/transactions_y2012m03", default);
        Assert.Equal(("archive_restore_transactions_y2012m03", 3L), (table, rows));
        Assert.Equal(30.00m, await app.Scalar<decimal>($"select sum(amount) from {table}"));
    }

}

public class LedgerArchiveResumeTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_run_that_stopped_after_writing_the_archive_is_finished_by_the_next_run_without_a_second_archive()
    {
        await app.OldPartitionAsync("transactions_y2011m05", "2011-05-01 00:00:00+00", "2011-06-01 00:00:00+00", 2);
        var ledger = app.Services.GetRequiredService<LedgerArchiver>();
        await ledger.ArchivePartitionAsync("transactions_y2011m05", ArchiveStep.Written, default);
        Assert.True(await app.Exists("transactions_y2011m05"), "a crash after writing leaves the rows in place");
        var written = await app.Scalar<DateTime>("select created_at from archive_parts where name = 'ledger/transactions_y2011m05'");

        await app.Services.GetRequiredService<ArchiveService>().RunAsync(default);

        Assert.False(await app.Exists("transactions_y2011m05"));
        Assert.Equal(written, await app.Scalar<DateTime>("select created_at from archive_parts where name = 'ledger/transactions_y2011m05'"));
        Assert.Equal("removed", await app.Scalar<string>("select status from archive_parts where name = 'ledger/transactions_y2011m05'"));
    }

}

public class LedgerArchiveChangedPartitionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_partition_that_gained_rows_after_it_was_archived_is_not_dropped()
    {
        await app.OldPartitionAsync("transactions_y2010m07", "2010-07-01 00:00:00+00", "2010-08-01 00:00:00+00", 1);
        var ledger = app.Services.GetRequiredService<LedgerArchiver>();
        await ledger.ArchivePartitionAsync("transactions_y2010m07", ArchiveStep.Verified, default);
        await using (var c = new NpgsqlConnection(app.OwnerConnectionString))
            await c.ExecuteAsync("""
                insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status, created_at)
                select user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status, created_at + interval '1 day' from transactions_y2010m07
                """);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.ArchivePartitionAsync("transactions_y2010m07", ArchiveStep.Removed, default));
        var run = await app.Services.GetRequiredService<ArchiveService>().RunAsync(default);
        Assert.Contains(run.Notes, n => n.StartsWith("FAILED ledger/transactions_y2010m07", StringComparison.Ordinal));
        Assert.True(await app.Exists("transactions_y2010m07"));
    }
}

public class MongoArchiveFilterTests
{
    private static ArchivePart Part(string name, string status, string source = MongoArchiver.Source) =>
        new(name, source, status, "blob", 1, 1, "h", DateTime.UtcNow, null);

    [Fact]
    public void A_run_first_finishes_earlier_days_parts_that_were_written_but_not_removed()
    {
        var parts = new[]
        {
            Part("mongo/chat_messages/2026-11-20", "verified"), Part("mongo/activity_logs/2026-11-21", "written"),
            Part("mongo/analytics_events/2026-11-22", "removed"), Part("mongo/activity_logs/2026-11-26", "written"),
            Part("ledger/transactions_y2012m01", "written", LedgerArchiver.Source),
        };
        Assert.Equal(["mongo/activity_logs/2026-11-21", "mongo/chat_messages/2026-11-20"], MongoArchiver.Unfinished(parts, "2026-11-26"));
    }

    [Fact]
    public void The_chat_filter_only_names_streams_ended_since_the_last_removed_chat_part()
    {
        Assert.Null(MongoArchiver.ChatLookbackStart([], 90));
        Assert.Null(MongoArchiver.ChatLookbackStart([Part("mongo/chat_messages/2026-11-25", "written")], 90));
        var parts = new[] { Part("mongo/chat_messages/2026-10-01", "removed"), Part("mongo/chat_messages/2026-11-25", "removed"), Part("mongo/activity_logs/2026-11-26", "removed") };
        Assert.Equal(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc).AddDays(-91), MongoArchiver.ChatLookbackStart(parts, 90));
    }

    [Fact]
    public void Old_activity_and_analytics_are_selected_by_timestamp_and_chat_by_the_ended_streams_ids()
    {
        var cutoff = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Assert.Equal("{ \"timestamp\" : { \"$lt\" : { \"$date\" : { \"$numberLong\" : \"1767323045000\" } } } }",
            MongoArchiver.Render(MongoArchiver.OlderThan(cutoff)).ToJson(MongoBackup.LineSettings));
        var stream = Guid.Parse("0b0c0d0e-0000-4000-8000-000000000001");
        var chat = MongoArchiver.Render(MongoArchiver.ChatOfStreams([stream]));
        var id = chat["streamId"]["$in"][0].AsBsonBinaryData;
        Assert.Equal(BsonBinarySubType.UuidStandard, id.SubType);
        Assert.Equal(stream, id.ToGuid());
        // The stored filter parses back to the same document the delete uses.
        Assert.Equal(chat, BsonDocument.Parse(chat.ToJson(MongoBackup.LineSettings)));
    }

    [Fact]
    public void A_backup_reads_each_collection_whole_in_id_order_and_writes_canonical_extended_json_lines()
    {
        var registry = MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry;
        var sort = MongoBackup.Order.Render(new MongoDB.Driver.RenderArgs<BsonDocument>(registry.GetSerializer<BsonDocument>(), registry));
        Assert.Equal("{ \"_id\" : 1 }", sort.ToString());
        var doc = new BsonDocument { ["_id"] = ObjectId.Parse("64b7f0000000000000000001"), ["at"] = new BsonDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ["n"] = 5L };
        var line = doc.ToJson(MongoBackup.LineSettings);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.Equal(doc, BsonDocument.Parse(line)); // types (ObjectId, date, int64) survive the round trip
    }
}
