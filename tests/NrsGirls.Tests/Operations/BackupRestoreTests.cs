using Azure.Storage.Blobs;
using NrsGirls.Cli.Database;
using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.Operations;

/// <summary>A database with users, creators, streams and a ledger spread over monthly partitions and the default partition.</summary>
public sealed class SeededOperationsFixture : AppFixture, IAsyncLifetime
{
    public const string KnownEmail = "known.person.4711@example.com";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var owner = NpgsqlDataSource.Create(OwnerConnectionString);
        await new ScaleSeeder(owner, p => BCrypt.Net.BCrypt.HashPassword(p, 4), 0.20m).SeedAsync(60);
        await using var c = await owner.OpenConnectionAsync();
        var user = await c.ExecuteScalarAsync<Guid>("insert into users (email, password_hash, role) values (@KnownEmail, 'h', 'viewer') returning id", new { KnownEmail });
        var creator = await c.ExecuteScalarAsync<Guid>("select id from dj_profiles limit 1");
        // Years old: no monthly partition covers it, so it sits in transactions_default.
        await c.ExecuteAsync("""
            insert into transactions (user_id, creator_id, creator_type, transaction_type, amount, platform_fee, net_amount, status, created_at,
                                      provider_transaction_id, processed_at)
            values (@user, @creator, 'dj', 'tip', 10.00, 2.00, 8.00, 'completed', now() - interval '6 years', 'pi_old_tip', now() - interval '6 years');
            update dj_profiles set total_earnings = total_earnings + 8.00 where id = @creator;
            """, new { user, creator });
    }

    public BackupService Backups => Services.GetRequiredService<BackupService>();
    public RestoreService Restore => Services.GetRequiredService<RestoreService>();
    public BackupSets Sets => Services.GetRequiredService<BackupSets>();

    public async Task<string> NewDatabaseNameAsync()
    {
        var name = $"r_{Guid.NewGuid():N}";
        Created.Add(name);
        return await Task.FromResult(name);
    }

    public List<string> Created { get; } = [];

    public new async Task DisposeAsync()
    {
        foreach (var db in Created) await Env.DropDatabaseAsync(db);
        await base.DisposeAsync();
    }
}

public class BackupRestoreTests(SeededOperationsFixture app) : IClassFixture<SeededOperationsFixture>
{
    private async Task<long> Count(string database, string table)
    {
        await using var c = new NpgsqlConnection(app.Env.OwnerConnectionString(database));
        return await c.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    [Fact]
    public async Task A_backup_restored_into_a_new_database_has_the_same_rows_in_every_table_including_the_partitioned_ledger()
    {
        var backup = await app.Backups.RunAsync("roundtrip", null, default);
        Assert.True(backup.Status == "complete", backup.Reason);

        var manifest = (await app.Sets.ReadManifestAsync("roundtrip", default))!;
        Assert.Contains(manifest.Tables, t => t.Name == "transactions" && t.Rows == 601);
        Assert.Contains(manifest.Tables, t => t.Name == "operation_runs");
        Assert.DoesNotContain(manifest.Tables, t => t.Name.StartsWith("transactions_", StringComparison.Ordinal));
        Assert.Contains(manifest.Partitions, p => p.Name == "transactions_default" && p.Bound == "DEFAULT");
        Assert.Equal(NrsGirls.Shared.Postgres.Migration.Embedded().Max(m => m.Version), manifest.SchemaVersion);
        Assert.Equal("test1", manifest.KeyId);

        var target = await app.NewDatabaseNameAsync();
        var report = await app.Restore.RestoreAsync("roundtrip", target, force: false, null, null, default);

        Assert.True(report.Ok, string.Join("; ", report.Problems));
        foreach (var t in manifest.Tables) Assert.Equal(t.Rows, await Count(target, t.Name));
        Assert.Equal(await Count(app.Database, "transactions_default"), await Count(target, "transactions_default"));
        Assert.Equal(1, await Count(target, $"users where email = '{SeededOperationsFixture.KnownEmail}'"));
        // Generated columns are computed again, not copied.
        Assert.Equal(await Count(app.Database, "dj_profiles where search_vector is not null"), await Count(target, "dj_profiles where search_vector is not null"));
    }

    [Fact]
    public async Task A_known_email_address_is_not_readable_anywhere_in_the_stored_blobs()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("secrecy", null, default)).Status);
        var blobs = 0;
        await foreach (var b in app.Sets.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, BackupSets.Prefix(app.Database, "secrecy"), default))
        {
            var bytes = (await app.Sets.Container.GetBlobClient(b.Name).DownloadContentAsync()).Value.Content.ToArray();
            var text = Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("known.person.4711", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("known.person.4711", Encoding.Unicode.GetString(bytes), StringComparison.OrdinalIgnoreCase);
            blobs++;
        }
        Assert.True(blobs > 10, $"{blobs} blobs");
    }

    [Fact]
    public async Task A_tampered_part_is_refused_before_anything_is_loaded()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("tampered", null, default)).Status);
        var part = app.Sets.Blob(app.Database, "tampered", "postgres/users.copy.gz.enc");
        var bytes = (await part.DownloadContentAsync()).Value.Content.ToArray();
        bytes[^20] ^= 0x55;
        await part.UploadAsync(new MemoryStream(bytes));

        var target = await app.NewDatabaseNameAsync();
        var ex = await Assert.ThrowsAsync<RestoreException>(() => app.Restore.RestoreAsync("tampered", target, false, null, null, default));
        Assert.Contains("postgres/users.copy.gz.enc", ex.Message, StringComparison.Ordinal);
        Assert.False(await app.Scalar<bool>("select exists (select from pg_database where datname = @target)", new { target }));
    }

    [Fact]
    public async Task A_set_taken_with_a_different_migration_is_refused_unless_forced()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("drifted", null, default)).Status);
        var manifest = (await app.Sets.ReadManifestAsync("drifted", default))!;
        var changed = manifest with { Migrations = manifest.Migrations.Select(m => m.Version == 3 ? m with { Checksum = new string('0', 64) } : m).ToList() };
        await app.Sets.Blob(app.Database, "drifted", BackupSets.ManifestName).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(changed, BackupSets.Json)).ToStream());

        var target = await app.NewDatabaseNameAsync();
        var ex = await Assert.ThrowsAsync<RestoreException>(() => app.Restore.RestoreAsync("drifted", target, false, null, null, default));
        Assert.Contains("003_", ex.Message, StringComparison.Ordinal);

        var forced = await app.Restore.RestoreAsync("drifted", target, force: true, null, null, default);
        Assert.True(forced.Ok, string.Join("; ", forced.Problems));
        Assert.Contains(forced.Notes, n => n.StartsWith("forced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_into_a_database_that_holds_tables_is_refused()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("notempty", null, default)).Status);
        var ex = await Assert.ThrowsAsync<RestoreException>(() => app.Restore.RestoreAsync("notempty", app.Database, false, null, null, default));
        Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RestoreException>(() => app.Restore.RestoreAsync("no-such-set", "r_nowhere", false, null, null, default));
    }

    [Fact]
    public async Task Two_backups_at_once_for_one_period_produce_one_set()
    {
        var results = await Task.WhenAll(app.Backups.RunAsync("concurrent", null, default), app.Backups.RunAsync("concurrent", null, default));

        Assert.Single(results, r => r.Status == "complete");
        Assert.Single(results, r => r.Status == "skipped");
        Assert.Single(await app.Sets.ListAsync(default), s => s.Period == "concurrent" && s.Manifest is not null);
        Assert.Equal(1, await app.Scalar<long>("select count(*) from operation_runs where kind = 'backup' and period = 'concurrent' and status = 'complete'"));
        // A third run later the same period adds nothing either.
        Assert.Equal("skipped", (await app.Backups.RunAsync("concurrent", null, default)).Status);
    }

    [Fact]
    public async Task A_failed_backup_leaves_no_complete_set_and_is_recorded_as_failed()
    {
        await using (var c = new NpgsqlConnection(app.OwnerConnectionString))
            await c.ExecuteAsync("create table zz_unreadable (id int); insert into zz_unreadable values (1); revoke all on zz_unreadable from nrsgirls_readwrite");
        try
        {
            var r = await app.Backups.RunAsync("failing", null, default);
            Assert.Equal("failed", r.Status);
            Assert.Contains("zz_unreadable", r.Reason, StringComparison.Ordinal);
            Assert.Null(await app.Sets.ReadManifestAsync("failing", default));
            Assert.DoesNotContain(await app.Sets.ListAsync(default), s => s.Period == "failing");
            Assert.Equal("failed", await app.Scalar<string>("select status from operation_runs where kind = 'backup' and period = 'failing'"));
        }
        finally
        {
            await using var c = new NpgsqlConnection(app.OwnerConnectionString);
            await c.ExecuteAsync("drop table zz_unreadable");
        }
        // A failed period may be run again, and then completes.
        Assert.Equal("complete", (await app.Backups.RunAsync("failing", null, default)).Status);
    }
}

public class TruncatedPartRestoreTests(SeededOperationsFixture app) : IClassFixture<SeededOperationsFixture>
{
    [Fact]
    public async Task A_truncated_part_is_refused_even_when_its_manifest_hash_was_rewritten_to_match_and_nothing_is_loaded()
    {
        Assert.Equal("complete", (await app.Backups.RunAsync("truncated", null, default)).Status);
        var part = app.Sets.Blob(app.Database, "truncated", "postgres/transactions.copy.gz.enc");
        var bytes = (await part.DownloadContentAsync()).Value.Content.ToArray();
        var cut = bytes[..(bytes.Length / 2)];
        await part.UploadAsync(new MemoryStream(cut));
        var manifest = (await app.Sets.ReadManifestAsync("truncated", default))!;
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cut));
        var forged = manifest with { Tables = manifest.Tables.Select(t => t.Name == "transactions" ? t with { Sha256 = sha, Bytes = cut.Length } : t).ToList() };
        await app.Sets.Blob(app.Database, "truncated", BackupSets.ManifestName).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(forged, BackupSets.Json)).ToStream());

        var target = await app.NewDatabaseNameAsync();
        var ex = await Assert.ThrowsAsync<RestoreException>(() => app.Restore.RestoreAsync("truncated", target, false, null, null, default));

        Assert.Contains("transactions", ex.Message, StringComparison.Ordinal);
        await using var c = new NpgsqlConnection(app.Env.OwnerConnectionString(target));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("select count(*) from users"));
    }
}
