namespace NrsGirls.Shared.Configuration;

/// <summary>PostgreSQL connection, as the seed's POSTGRES_* and DB_POOL_* settings describe it.</summary>
public sealed record PostgresOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required string Database { get; init; }
    /// <summary>The owner login: runs migrations and other DDL.</summary>
    public required string User { get; init; }
    public required string Password { get; init; }
    /// <summary>The login the app uses at run time: the read-write role without DDL rights.</summary>
    public string? AppUser { get; init; }
    public string? AppPassword { get; init; }
    /// <summary>true: TLS with a verified certificate and host name (VerifyFull).</summary>
    public bool Ssl { get; init; }
    public int PoolMin { get; init; } = 2;
    public int PoolMax { get; init; } = 10;
}

public sealed record RedisOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string? Password { get; init; }
    public bool Ssl { get; init; }
    /// <summary>The database index every <c>GetDatabase()</c> call uses.</summary>
    public int Database { get; init; }
    /// <summary>Connect, sync and async timeout in milliseconds.</summary>
    public int TimeoutMs { get; init; } = 5000;
}

public sealed record MongoOptions
{
    /// <summary>Empty: MongoDB is not configured and Mongo-backed features log and skip.</summary>
    public string? Uri { get; init; }
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Uri);
}

/// <summary>
/// The storage account, by connection string (Azurite, keys) or by identity (account name plus an
/// optional user-assigned managed identity client id), exactly one of the two.
/// </summary>
public sealed record StorageOptions
{
    public string? ConnectionString { get; init; }
    public string? AccountName { get; init; }
    public string? ClientId { get; init; }
    public bool UsesIdentity => ConnectionString is null;
    /// <summary>Queue names (settings NRSGIRLS_*_QUEUE, defaults from StorageNames).</summary>
    public QueueNames Queues { get; init; } = new();
}

/// <summary>The queues' names; tests give each test class its own so classes never consume each other's messages.</summary>
public sealed record QueueNames
{
    public string Tips { get; init; } = Storage.StorageNames.TipsQueue;
    public string Notifications { get; init; } = Storage.StorageNames.NotificationsQueue;
    public string TrackScans { get; init; } = Storage.StorageNames.TrackScansQueue;
}

/// <summary>Notifications: how long they are kept.</summary>
public sealed record NotificationOptions
{
    public int ReadRetentionDays { get; init; } = 90;
    public int UnreadRetentionDays { get; init; } = 365;
}

/// <summary>How a request's origin is read.</summary>
public sealed record EdgeOptions
{
    /// <summary>The trusted country header (ISO 3166-1 alpha-2), or null: no region rules.</summary>
    public string? CountryHeader { get; init; }
}

public sealed record SecurityOptions
{
    /// <summary>Field-encryption keys by id; <see cref="ActiveKeyId"/> encrypts, every key decrypts.</summary>
    public required IReadOnlyDictionary<string, byte[]> EncryptionKeys { get; init; }
    public required string ActiveKeyId { get; init; }
    public required byte[] HashingKey { get; init; }
    public int BcryptCost { get; init; } = 12;
}

public sealed record PaymentOptions
{
    public decimal PlatformFeeRate { get; init; } = 0.20m;

    // Money (issue 11).
    public const string Simulated = "simulated";
    public const string Stripe = "stripe";
    /// <summary>The well-known signing secret of the simulated gateway when none is configured (local use only).</summary>
    public const string DefaultSimulatedWebhookSecret = "whsec_simulated_local_only";
    public string Provider { get; init; } = Simulated;
    public IReadOnlyList<string> Currencies { get; init; } = ["USD", "EUR", "GBP"];
    public decimal TipMinAmount { get; init; } = 1.00m;
    public decimal TipMaxAmount { get; init; } = 10_000.00m;
    public int EarningsHoldDays { get; init; } = 7;
    public string? StripeSecretKey { get; init; }
    public string? StripeWebhookSecret { get; init; }
    public string SimulatedWebhookSecret { get; init; } = DefaultSimulatedWebhookSecret;
}

// Tracks (issue 9).
/// <summary>Track uploads and scans.</summary>
public sealed record TrackOptions
{
    public const long DefaultMaxBytes = 200L * 1024 * 1024;
    /// <summary>Largest audio file a scan accepts (NRSGIRLS_TRACK_MAX_BYTES); larger ones are refused unread.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
    /// <summary>How long a write-only upload URL stays valid.</summary>
    public TimeSpan UploadUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>All options, bound and validated together.</summary>
public sealed record NrsGirlsOptions(
    PostgresOptions Postgres,
    RedisOptions Redis,
    MongoOptions Mongo,
    StorageOptions Storage,
    SecurityOptions Security,
    PaymentOptions Payments)
{
    public EdgeOptions Edge { get; init; } = new();
    public NotificationOptions Notifications { get; init; } = new();
    /// <summary>Rate-limit overrides (NRSGIRLS_RATE_LIMITS).</summary>
    public RateLimitOptions RateLimits { get; init; } = new();
    public TrackOptions Tracks { get; init; } = new();
    // Development mail.
    public DevMailOptions DevMail { get; init; } = new();
    // Operations
    public Operations.BackupOptions Backups { get; init; } = new();
    public Operations.ArchiveOptions Archive { get; init; } = new();
    public TelemetryOptions Telemetry { get; init; } = new();
}

/// <summary>Development mail: the folder e-mail is written to as .eml files, or null (production: never written).</summary>
public sealed record DevMailOptions
{
    public string? Directory { get; init; }
}

/// <summary>Where OpenTelemetry exports: Application Insights, OTLP, or the console (in that order of preference).</summary>
public sealed record TelemetryOptions
{
    public string? AppInsightsConnectionString { get; init; }
    public string? OtlpEndpoint { get; init; }
    public bool Console { get; init; }
}
