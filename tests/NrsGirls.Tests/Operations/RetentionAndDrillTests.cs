using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.Operations;

public class BackupRetentionTests(AppFixture app) : IClassFixture<AppFixture>
{
    private BackupSets Sets => app.Services.GetRequiredService<BackupSets>();

    private async Task FakeSetAsync(string period, DateTimeOffset started, bool complete = true)
    {
        await Sets.EnsureContainerAsync(default);
        await Sets.Blob(app.Database, period, "postgres/users.copy.gz.enc").UploadAsync(new MemoryStream([1, 2, 3]));
        if (complete)
            await Sets.WriteManifestAsync(new BackupManifest
            {
                Database = app.Database, Period = period, StartedAt = started, FinishedAt = started, KeyId = "test1", SchemaVersion = 11,
                Migrations = [], Tables = [], Partitions = [], Sequences = [], TotalBytes = 3,
            }, default);
    }

    [Fact]
    public async Task Retention_deletes_sets_past_the_window_but_never_the_newest_seven_complete_ones()
    {
        var now = app.Clock.GetUtcNow();
        // Two recent sets, ten old ones (40-49 days), and an old incomplete one.
        await FakeSetAsync("recent-1", now.AddDays(-1));
        await FakeSetAsync("recent-2", now.AddDays(-2));
        for (var i = 0; i < 10; i++) await FakeSetAsync($"old-{i:D2}", now.AddDays(-40 - i));
        var broken = now.AddDays(-45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await FakeSetAsync(broken, now.AddDays(-45), complete: false);

        var deleted = await Sets.ApplyRetentionAsync(now, default);

        var left = (await Sets.ListAsync(default)).Select(s => s.Period).Order().ToList();
        Assert.Equal(["old-00", "old-01", "old-02", "old-03", "old-04", "recent-1", "recent-2"], left);
        Assert.Equal(6, deleted.Count);
        Assert.Contains(broken, deleted);
        await foreach (var b in Sets.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, BackupSets.Prefix(app.Database, "old-09"), default))
            Assert.Fail($"blob {b.Name} of a deleted set is still there");
    }
}

public class RestoreDrillTests(SeededOperationsFixture app) : IClassFixture<SeededOperationsFixture>
{
    [Fact]
    public async Task A_drill_restores_the_newest_seeded_set_with_money_checks_its_row_counts_and_drops_the_scratch_database()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("drill-source", null, default)).Status);
        var progress = new List<OperationProgress>();

        var report = await app.Services.GetRequiredService<RestoreDrill>().RunAsync(new SyncProgress(progress.Add), default);

        Assert.True(report.Ok, string.Join("; ", report.Problems));
        Assert.Equal("drill-source", report.Period);
        Assert.True(report.Rows > 600, $"{report.Rows} rows");
        Assert.Contains(progress, p => p.Step.StartsWith("check row counts: ok", StringComparison.Ordinal));
        Assert.False(await app.Scalar<bool>("select exists (select from pg_database where datname = @d)", new { d = report.ScratchDatabase }));
        Assert.Equal("complete", await app.Scalar<string>("select status from operation_runs where kind = 'restore_drill' and set_name = 'drill-source'"));
    }

    private sealed class SyncProgress(Action<OperationProgress> report) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value) => report(value);
    }
}

public class RestoreDrillWithoutBackupTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_drill_with_no_backup_fails_and_is_recorded()
    {
        var drill = app.Services.GetRequiredService<RestoreDrill>();
        var report = await drill.RunAsync(null, default);
        Assert.False(report.Ok);
        Assert.Contains("no complete backup set", report.Problems[0], StringComparison.Ordinal);
        Assert.Equal("failed", await app.Scalar<string>("select status from operation_runs where kind = 'restore_drill'"));
    }
}

public class SuspiciousBackupTests(SeededOperationsFixture app) : IClassFixture<SeededOperationsFixture>
{
    [Fact]
    public async Task A_backup_under_half_the_size_of_the_previous_one_is_flagged_suspicious()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("big-day", null, default)).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var c = new NpgsqlConnection(app.OwnerConnectionString))
        {
            await c.ExecuteAsync("alter table transactions disable trigger user; delete from transactions; alter table transactions enable trigger user");
        }
        var small = await app.Backups.RunAsync("small-day", null, default);
        Assert.True(small.Suspicious, $"{small.Bytes} bytes");
        Assert.True(await app.Scalar<bool>("select suspicious from operation_runs where kind = 'backup' and period = 'small-day'"));
        Assert.True((await app.Sets.ReadManifestAsync("small-day", default))!.Suspicious);
    }
}

public class BackupRetentionFewSetsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private BackupSets Sets => app.Services.GetRequiredService<BackupSets>();

    private async Task FakeSetAsync(string period, DateTimeOffset started) =>
        await Sets.WriteManifestAsync(new BackupManifest
        {
            Database = app.Database, Period = period, StartedAt = started, FinishedAt = started, KeyId = "test1", SchemaVersion = 11,
            Migrations = [], Tables = [], Partitions = [], Sequences = [], TotalBytes = 3,
        }, default);

    [Fact]
    public async Task Old_sets_are_all_kept_while_there_are_no_more_than_seven()
    {
        await Sets.EnsureContainerAsync(default);
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++) await FakeSetAsync($"only-{i}", now.AddDays(-400 - i));
        var deleted = await Sets.ApplyRetentionAsync(now, default);
        Assert.DoesNotContain(deleted, d => d.StartsWith("only-", StringComparison.Ordinal));
    }
}
