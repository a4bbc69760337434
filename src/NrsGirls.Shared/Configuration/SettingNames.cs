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
    /// <summary>
    /// Name of the request header in which the edge (Front Door, a CDN) puts the caller's ISO 3166-1
    /// alpha-2 country. Empty: no region rules apply and no such header is trusted.
    /// </summary>
    public const string CountryHeader = "NRSGIRLS_COUNTRY_HEADER";
    /// <summary>Queue names. Triggers refer to them as %NRSGIRLS_TIPS_QUEUE% and so on; the poison twin is name + "-poison".</summary>
    public const string TipsQueue = "NRSGIRLS_TIPS_QUEUE";
    public const string NotificationsQueue = "NRSGIRLS_NOTIFICATIONS_QUEUE";
    public const string TrackScansQueue = "NRSGIRLS_TRACK_SCANS_QUEUE";

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
        RedisDatabase, CountryHeader, TipsQueue, NotificationsQueue, TrackScansQueue,
        // Money (issue 11).
        PaymentProvider, PaymentCurrencies, TipMinAmount, TipMaxAmount, EarningsHoldDays,
        StripeSecretKey, StripeWebhookSecret, SimulatedWebhookSecret,
    ];
}
