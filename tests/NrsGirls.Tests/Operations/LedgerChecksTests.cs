using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.Operations;

/// <summary>The money feature's LedgerAudit as a restore/drill check and a deep-health check.</summary>
public class LedgerChecksTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_ledger_that_breaks_an_invariant_fails_the_restore_check_and_turns_deep_health_red()
    {
        var restoreCheck = app.Services.GetServices<IRestoreCheck>().Single(c => c is LedgerAuditRestoreCheck);
        var healthCheck = app.Services.GetServices<IDeepHealthCheck>().Single(c => c is LedgerAuditHealthCheck);
        var manifest = new BackupManifest
        {
            Database = app.Database, Period = "p", StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow, KeyId = "test1",
            SchemaVersion = 11, Migrations = [], Tables = [], Partitions = [], Sequences = [], TotalBytes = 0,
        };
        await using var conn = new NpgsqlConnection(app.OwnerConnectionString);
        await conn.OpenAsync();
        Assert.Empty(await restoreCheck.RunAsync(conn, manifest, default));
        Assert.Empty(await healthCheck.CheckAsync(default));

        // Earnings that no completed payment explains.
        var dj = await app.SignUp(Roles.Dj);
        await app.Scalar<int>("insert into dj_profiles (user_id, stage_name, total_earnings) values (@UserId, 'DJ Ghost Money', 12.34) returning 1", dj);

        Assert.NotEmpty(await restoreCheck.RunAsync(conn, manifest, default));
        var problems = await healthCheck.CheckAsync(default);
        Assert.Contains(problems, p => p.Contains("total_earnings", StringComparison.OrdinalIgnoreCase) || p.Contains("earnings", StringComparison.OrdinalIgnoreCase));
    }
}
