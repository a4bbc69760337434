namespace NrsGirls.Shared.Configuration;

/// <summary>
/// Every setting the backend reads, by the name it has in the environment, in
/// local.settings.json and in the Function App's app settings. Nothing else in the code base names
/// an environment variable: options are bound from these names only.
/// </summary>
public static class SettingNames
{
    // The seed's variables.
    public const string PostgresHost = "POSTGRES_HOST";
    public const string PostgresPort = "POSTGRES_PORT";
    public const string PostgresDb = "POSTGRES_DB";
    public const string PostgresUser = "POSTGRES_USER";
    public const string PostgresPassword = "POSTGRES_PASSWORD";
    public const string PostgresSsl = "POSTGRES_SSL";
    public const string MongoDbUri = "MONGODB_URI";
    public const string RedisHost = "REDIS_HOST";
    public const string RedisPort = "REDIS_PORT";
    public const string RedisPassword = "REDIS_PASSWORD";
    public const string DbPoolMin = "DB_POOL_MIN";
    public const string DbPoolMax = "DB_POOL_MAX";

    // The project's own.
    /// <summary>Login the app uses at run time (the read-write role); empty means POSTGRES_USER.</summary>
    public const string PostgresAppUser = "POSTGRES_APP_USER";
    public const string PostgresAppPassword = "POSTGRES_APP_PASSWORD";
    /// <summary>TLS to Redis (required by Azure Cache for Redis).</summary>
    public const string RedisSsl = "REDIS_SSL";
    /// <summary>Storage account for queues and blobs; the Functions host reads the same one.</summary>
    public const string AzureWebJobsStorage = "AzureWebJobsStorage";
    /// <summary>
    /// Identity-based storage (as the Functions host reads it): the account name, and the client id of
    /// a user-assigned managed identity. Used in Azure instead of a connection string with keys.
    /// </summary>
    public const string AzureWebJobsStorageAccountName = "AzureWebJobsStorage__accountName";
    public const string AzureWebJobsStorageClientId = "AzureWebJobsStorage__clientId";
    /// <summary>Field-encryption keys, "keyId:base64(32 bytes)" separated by ';'. The first one encrypts.</summary>
    public const string EncryptionKeys = "NRSGIRLS_ENCRYPTION_KEYS";
    /// <summary>Secret for keyed hashes (session tokens, password pre-hash); base64, at least 32 bytes.</summary>
    public const string HashingKey = "NRSGIRLS_HASHING_KEY";
    /// <summary>Platform fee as a fraction of each payment, for example 0.20.</summary>
    public const string PlatformFeeRate = "NRSGIRLS_PLATFORM_FEE_RATE";
    /// <summary>bcrypt work factor; 12 by default.</summary>
    public const string BcryptCost = "NRSGIRLS_BCRYPT_COST";
    /// <summary>Redis database index (0 by default); the tests give each test class its own.</summary>
    public const string RedisDatabase = "REDIS_DATABASE";
    /// <summary>How long a Redis connect or command may take before it fails (and the route answers 503), in ms; 5000 by default.</summary>
    public const string RedisTimeoutMs = "REDIS_TIMEOUT_MS";
    /// <summary>
    /// Name of the request header in which the edge (Front Door, a CDN) puts the caller's ISO 3166-1
    /// alpha-2 country. Empty: no region rules apply and no such header is trusted.
    /// </summary>
    public const string CountryHeader = "NRSGIRLS_COUNTRY_HEADER";
    /// <summary>Queue names. Triggers refer to them as %NRSGIRLS_TIPS_QUEUE% and so on; the poison twin is name + "-poison".</summary>
    public const string TipsQueue = "NRSGIRLS_TIPS_QUEUE";
    public const string NotificationsQueue = "NRSGIRLS_NOTIFICATIONS_QUEUE";
    public const string TrackScansQueue = "NRSGIRLS_TRACK_SCANS_QUEUE";
    // Notifications.
    /// <summary>Days a read notification is kept (90).</summary>
    public const string NotificationsReadRetentionDays = "NRSGIRLS_NOTIFICATIONS_READ_RETENTION_DAYS";
    /// <summary>Days an unread notification is kept (365); at least the read retention.</summary>
    public const string NotificationsUnreadRetentionDays = "NRSGIRLS_NOTIFICATIONS_UNREAD_RETENTION_DAYS";
    // Rate limits.
    /// <summary>Overrides of declared rate limits: "name=limit" or "name=limit/window", comma-separated (RateLimitSettings).</summary>
    public const string RateLimits = "NRSGIRLS_RATE_LIMITS";
    // Tracks (issue 9).
    /// <summary>Largest track file in bytes a scan accepts; 200 MB (209715200) by default.</summary>
    public const string TrackMaxBytes = "NRSGIRLS_TRACK_MAX_BYTES";

    // Development mail.
    /// <summary>
    /// Development only: a folder where every e-mail is written as a .eml file instead of being sent
    /// (relative paths from the repository root). Empty, as in production: mail is only logged.
    /// </summary>
    public const string DevMailDir = "NRSGIRLS_DEV_MAIL_DIR";

    // Operations (backups, restore drills, telemetry).
    /// <summary>NCRONTAB schedule of the backup timer (read by the host as %NRSGIRLS_BACKUP_SCHEDULE%).</summary>
    public const string BackupSchedule = "NRSGIRLS_BACKUP_SCHEDULE";
    /// <summary>Backup sets older than this many days are deleted (the newest NRSGIRLS_BACKUP_KEEP_NEWEST never by age).</summary>
    public const string BackupRetentionDays = "NRSGIRLS_BACKUP_RETENTION_DAYS";
    public const string BackupKeepNewest = "NRSGIRLS_BACKUP_KEEP_NEWEST";
    /// <summary>NCRONTAB schedule of the weekly restore drill (%NRSGIRLS_RESTORE_DRILL_SCHEDULE%).</summary>
    public const string RestoreDrillSchedule = "NRSGIRLS_RESTORE_DRILL_SCHEDULE";
    /// <summary>Nightly archive timer (%NRSGIRLS_ARCHIVE_SCHEDULE%) and what it moves to cold storage.</summary>
    public const string ArchiveSchedule = "NRSGIRLS_ARCHIVE_SCHEDULE";
    /// <summary>Ledger partitions are archived and dropped only after this many years (default 10, the legal minimum kept).</summary>
    public const string FinancialRetentionYears = "NRSGIRLS_FINANCIAL_RETENTION_YEARS";
    public const string ChatArchiveDays = "NRSGIRLS_CHAT_ARCHIVE_DAYS";
    public const string ActivityRetentionDays = "NRSGIRLS_ACTIVITY_RETENTION_DAYS";
    public const string AnalyticsRetentionDays = "NRSGIRLS_ANALYTICS_RETENTION_DAYS";
    /// <summary>Telemetry: Application Insights on Azure, else OTLP, else the console when NRSGIRLS_OTEL_CONSOLE is true.</summary>
    public const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtelConsole = "NRSGIRLS_OTEL_CONSOLE";

    // Money (issue 11).
    /// <summary>Payment gateway: simulated (local default, Stripe-like test cards) or stripe.</summary>
    public const string PaymentProvider = "NRSGIRLS_PAYMENT_PROVIDER";
    /// <summary>Accepted currencies, ISO 4217 upper case, comma separated; USD,EUR,GBP by default.</summary>
    public const string PaymentCurrencies = "NRSGIRLS_PAYMENT_CURRENCIES";
    /// <summary>Smallest and largest tip (inclusive), 1.00 and 10000.00 by default.</summary>
    public const string TipMinAmount = "NRSGIRLS_TIP_MIN_AMOUNT";
    public const string TipMaxAmount = "NRSGIRLS_TIP_MAX_AMOUNT";
    /// <summary>Days a completed payment is held (pending) before it counts as available for payout; 7 by default.</summary>
    public const string EarningsHoldDays = "NRSGIRLS_EARNINGS_HOLD_DAYS";
    /// <summary>Stripe API secret key and webhook signing secret (Key Vault references); required when the provider is stripe.</summary>
    public const string StripeSecretKey = "NRSGIRLS_STRIPE_SECRET_KEY";
    public const string StripeWebhookSecret = "NRSGIRLS_STRIPE_WEBHOOK_SECRET";
    /// <summary>Signing secret of the simulated gateway's webhooks; a fixed local value when empty.</summary>
    public const string SimulatedWebhookSecret = "NRSGIRLS_SIMULATED_WEBHOOK_SECRET";

    /// <summary>Settings the app cannot start without.</summary>
    public static readonly IReadOnlyList<string> Required =
    [
        PostgresHost, PostgresPort, PostgresDb, PostgresUser, PostgresPassword,
        RedisHost, RedisPort, AzureWebJobsStorage, EncryptionKeys, HashingKey,
    ];

    /// <summary>Every setting, required or optional, that the options below bind.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        PostgresHost, PostgresPort, PostgresDb, PostgresUser, PostgresPassword, PostgresSsl,
        PostgresAppUser, PostgresAppPassword, DbPoolMin, DbPoolMax,
        MongoDbUri, RedisHost, RedisPort, RedisPassword, RedisSsl,
        AzureWebJobsStorage, EncryptionKeys, HashingKey, PlatformFeeRate, BcryptCost,
        RedisDatabase, RedisTimeoutMs, CountryHeader, TipsQueue, NotificationsQueue, TrackScansQueue,
        NotificationsReadRetentionDays, NotificationsUnreadRetentionDays,
        // Rate limits.
        RateLimits,
        // Tracks (issue 9).
        TrackMaxBytes,
        // Development mail.
        DevMailDir,
        // Operations
        BackupSchedule, BackupRetentionDays, BackupKeepNewest, RestoreDrillSchedule,
        ArchiveSchedule, FinancialRetentionYears, ChatArchiveDays, ActivityRetentionDays, AnalyticsRetentionDays,
        AppInsightsConnectionString, OtlpEndpoint, OtelConsole,
        // Money (issue 11).
        PaymentProvider, PaymentCurrencies, TipMinAmount, TipMaxAmount, EarningsHoldDays,
        StripeSecretKey, StripeWebhookSecret, SimulatedWebhookSecret,
    ];
}
