namespace NrsGirls.Shared.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Backups, restore and drills, stats and deep health. Checks are lists: add an implementation to extend them.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection s, NrsGirlsOptions options)
    {
        s.AddSingleton(options.Backups);
        s.AddSingleton<OperationsStore>();
        s.AddSingleton<BackupSets>();
        s.AddSingleton<MongoBackup>();
        s.AddSingleton<BackupService>();
        s.AddSingleton<RestoreService>();
        s.AddSingleton<RestoreDrill>();
        s.AddSingleton<IRestoreCheck, RowCountRestoreCheck>();
        s.AddSingleton<IRestoreCheck, LedgerAuditRestoreCheck>();
        s.AddSingleton(options.Archive);
        s.AddSingleton<ArchiveStore>();
        s.AddSingleton<LedgerArchiver>();
        s.AddSingleton<MongoArchiver>();
        s.AddSingleton<ArchiveService>();
        s.AddSingleton<DatabaseStats>();
        s.AddSingleton<StatsService>();
        s.AddSingleton<DeepHealthService>();
        s.AddSingleton<IDeepHealthCheck, PoisonQueuesCheck>();
        s.AddSingleton<IDeepHealthCheck, RecentOperationFailuresCheck>();
        s.AddSingleton<IDeepHealthCheck, LedgerAuditHealthCheck>();
        s.AddSingleton<IDeepHealthCheck, Notifications.AbandonedNotificationsCheck>();
        return s;
    }
}
