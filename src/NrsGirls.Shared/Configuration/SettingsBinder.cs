using Microsoft.Extensions.Configuration;

namespace NrsGirls.Shared.Configuration;

/// <summary>A setting is missing or malformed; the message names every such setting.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration:\n  - " + string.Join("\n  - ", problems) +
                "\nSee local.settings.sample.json and the README's Configuration section.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Binds <see cref="NrsGirlsOptions"/> from configuration by the names in <see cref="SettingNames"/>.
/// One binder per concern (<see cref="BindPostgres"/>, <see cref="BindRedis"/>, …) adds what is wrong
/// to a shared list of problems; <see cref="Bind"/> composes them all, so the app's start-up names every
/// bad setting at once, while a tool asks only for the concerns it uses (<see cref="Only{T}"/>):
/// `nrsgirls db migrate` needs PostgreSQL, not Redis, storage or encryption keys.
/// </summary>
public static class SettingsBinder
{
    /// <summary>A binder of one concern: reads its settings and adds a line per problem.</summary>
    public delegate T Binder<out T>(IConfiguration configuration, ICollection<string> problems);

    /// <summary>Everything the app needs, every problem reported at once.</summary>
    public static NrsGirlsOptions Bind(IConfiguration configuration)
    {
        var problems = new List<string>();
        var options = new NrsGirlsOptions(
            BindPostgres(configuration, problems),
            BindRedis(configuration, problems),
            BindMongo(configuration, problems),
            BindStorage(configuration, problems),
            BindSecurity(configuration, problems),
            BindPayments(configuration, problems))
        {
            Edge = BindEdge(configuration, problems),
            Notifications = BindNotifications(configuration, problems),
            RateLimits = BindRateLimits(configuration, problems),
            Tracks = BindTracks(configuration, problems),
            DevMail = BindDevMail(configuration, problems),
            Backups = BindBackups(configuration, problems),
            Archive = BindArchive(configuration, problems),
            Telemetry = BindTelemetry(configuration, problems),
        };
        ThrowIfAny(problems);
        return options;
    }

    /// <summary>One concern alone, for tools that need no more: throws naming each of its problems.</summary>
    public static T Only<T>(IConfiguration configuration, Binder<T> binder)
    {
        var problems = new List<string>();
        var options = binder(configuration, problems);
        ThrowIfAny(problems);
        return options;
    }

    private static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0) throw new ConfigurationException(problems);
    }

    public static PostgresOptions BindPostgres(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        var postgres = new PostgresOptions
        {
            Host = reader.Required(SettingNames.PostgresHost),
            Port = reader.Int(SettingNames.PostgresPort, required: true, min: 1, max: 65535) ?? 0,
            Database = reader.Required(SettingNames.PostgresDb),
            User = reader.Required(SettingNames.PostgresUser),
            Password = reader.Required(SettingNames.PostgresPassword, allowEmpty: true),
            AppUser = reader.Optional(SettingNames.PostgresAppUser),
            AppPassword = reader.Optional(SettingNames.PostgresAppPassword),
            Ssl = reader.Bool(SettingNames.PostgresSsl) ?? false,
            PoolMin = reader.Int(SettingNames.DbPoolMin, required: false, min: 0, max: 1000) ?? 2,
            PoolMax = reader.Int(SettingNames.DbPoolMax, required: false, min: 1, max: 1000) ?? 10,
        };
        if (postgres.PoolMin > postgres.PoolMax)
            problems.Add($"{SettingNames.DbPoolMin} ({postgres.PoolMin}) must not exceed {SettingNames.DbPoolMax} ({postgres.PoolMax}).");
        if (postgres.AppUser is not null && postgres.AppPassword is null)
            problems.Add($"{SettingNames.PostgresAppPassword} is required when {SettingNames.PostgresAppUser} is set.");
        return postgres;
    }

    public static RedisOptions BindRedis(IConfiguration configuration, ICollection<string> problems) =>
        BindRedis(configuration, problems, required: true);

    /// <summary>Not <paramref name="required"/>: an unset host and port mean Redis's local defaults, 127.0.0.1:6379.</summary>
    public static RedisOptions BindRedis(IConfiguration configuration, ICollection<string> problems, bool required)
    {
        var reader = new Reader(configuration, problems);
        return new RedisOptions
        {
            Host = required ? reader.Required(SettingNames.RedisHost) : reader.Optional(SettingNames.RedisHost) ?? "127.0.0.1",
            Port = reader.Int(SettingNames.RedisPort, required, min: 1, max: 65535) ?? (required ? 0 : 6379),
            Password = reader.Optional(SettingNames.RedisPassword),
            Ssl = reader.Bool(SettingNames.RedisSsl) ?? false,
            Database = reader.Int(SettingNames.RedisDatabase, required: false, min: 0, max: 100_000) ?? 0,
            TimeoutMs = reader.Int(SettingNames.RedisTimeoutMs, required: false, min: 100, max: 120_000) ?? 5000,
        };
    }

    public static MongoOptions BindMongo(IConfiguration configuration, ICollection<string> problems)
    {
        var mongoUri = new Reader(configuration, problems).Optional(SettingNames.MongoDbUri);
        if (mongoUri is not null && !mongoUri.StartsWith("mongodb://", StringComparison.Ordinal) &&
            !mongoUri.StartsWith("mongodb+srv://", StringComparison.Ordinal))
            problems.Add($"{SettingNames.MongoDbUri} must start with mongodb:// or mongodb+srv:// (or be empty to run without MongoDB).");
        return new MongoOptions { Uri = mongoUri };
    }

    /// <summary>The storage account (by connection string or by identity) and the queue names.</summary>
    public static StorageOptions BindStorage(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        var connectionString = reader.Optional(SettingNames.AzureWebJobsStorage);
        // Environment variables name them with "__"; .NET configuration turns that into ":".
        var account = reader.Optional(SettingNames.AzureWebJobsStorageAccountName) ?? reader.Optional("AzureWebJobsStorage:accountName");
        var clientId = reader.Optional(SettingNames.AzureWebJobsStorageClientId) ?? reader.Optional("AzureWebJobsStorage:clientId");
        if (connectionString is null && account is null)
            problems.Add($"{SettingNames.AzureWebJobsStorage} is required but not set (or set {SettingNames.AzureWebJobsStorageAccountName} for identity-based access).");
        var queues = BindQueues(reader, problems);
        return connectionString is not null
            ? new StorageOptions { ConnectionString = connectionString, Queues = queues }
            : new StorageOptions { AccountName = account, ClientId = clientId, Queues = queues };
    }

    /// <summary>Field-encryption keys plus the password and token hashing of <see cref="BindHashing"/>.</summary>
    public static SecurityOptions BindSecurity(IConfiguration configuration, ICollection<string> problems)
    {
        var keys = ParseKeys(new Reader(configuration, problems).Required(SettingNames.EncryptionKeys), problems, out var activeKeyId);
        return BindHashing(configuration, problems) with { EncryptionKeys = keys, ActiveKeyId = activeKeyId };
    }

    /// <summary>
    /// Only the hashing key and the bcrypt cost (no encryption keys): what hashing a password needs, for
    /// example the seed's accounts, which must sign in with the app's pre-hash.
    /// </summary>
    public static SecurityOptions BindHashing(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        return new SecurityOptions
        {
            EncryptionKeys = new Dictionary<string, byte[]>(StringComparer.Ordinal),
            ActiveKeyId = "",
            HashingKey = reader.Base64(SettingNames.HashingKey, minBytes: 32) ?? [],
            BcryptCost = reader.Int(SettingNames.BcryptCost, required: false, min: 4, max: 31) ?? 12,
        };
    }

    /// <summary>Money (issue 11): the fee, the payment provider and its secrets, currencies, tip bounds, the earnings hold.</summary>
    public static PaymentOptions BindPayments(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        var feeRate = reader.Decimal(SettingNames.PlatformFeeRate) ?? 0.20m;
        if (feeRate < 0m || feeRate >= 1m)
            problems.Add($"{SettingNames.PlatformFeeRate} must be a fraction from 0 up to (not including) 1, for example 0.20; got {feeRate}.");
        var provider = reader.Optional(SettingNames.PaymentProvider) ?? PaymentOptions.Simulated;
        if (provider is not (PaymentOptions.Simulated or PaymentOptions.Stripe))
            problems.Add($"{SettingNames.PaymentProvider} must be {PaymentOptions.Simulated} or {PaymentOptions.Stripe}; got '{provider}'.");
        var currencies = (reader.Optional(SettingNames.PaymentCurrencies) ?? "USD,EUR,GBP")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (currencies.Length == 0 || currencies.Any(c => !System.Text.RegularExpressions.Regex.IsMatch(c, "^[A-Z]{3}$")))
            problems.Add($"{SettingNames.PaymentCurrencies} must list ISO 4217 codes in upper case, comma separated (USD,EUR); got '{string.Join(",", currencies)}'.");
        else if (currencies.Where(c => !Payments.Money.HasCentMinorUnit(c)).ToList() is { Count: > 0 } notCents)
            problems.Add($"{SettingNames.PaymentCurrencies}: amounts are kept to the cent, so currencies without cents ({string.Join(",", notCents)}) are not supported.");
        var min = reader.Decimal(SettingNames.TipMinAmount) ?? 1.00m;
        var max = reader.Decimal(SettingNames.TipMaxAmount) ?? 10_000.00m;
        if (min <= 0m || max < min || max > 99_999_999.99m || decimal.Round(min, 2) != min || decimal.Round(max, 2) != max)
            problems.Add($"{SettingNames.TipMinAmount}/{SettingNames.TipMaxAmount} must be amounts with at most 2 decimals, 0 < min <= max <= 99999999.99; got {min} and {max}.");
        var stripeKey = reader.Optional(SettingNames.StripeSecretKey);
        var stripeWebhook = reader.Optional(SettingNames.StripeWebhookSecret);
        if (provider == PaymentOptions.Stripe && (stripeKey is null || stripeWebhook is null))
            problems.Add($"{SettingNames.StripeSecretKey} and {SettingNames.StripeWebhookSecret} are required when {SettingNames.PaymentProvider} is stripe.");
        return new PaymentOptions
        {
            PlatformFeeRate = feeRate,
            Provider = provider,
            Currencies = currencies,
            TipMinAmount = min,
            TipMaxAmount = max,
            EarningsHoldDays = reader.Int(SettingNames.EarningsHoldDays, required: false, min: 0, max: 365) ?? 7,
            StripeSecretKey = stripeKey,
            StripeWebhookSecret = stripeWebhook,
            SimulatedWebhookSecret = reader.Optional(SettingNames.SimulatedWebhookSecret) ?? PaymentOptions.DefaultSimulatedWebhookSecret,
        };
    }

    public static NotificationOptions BindNotifications(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        var notifications = new NotificationOptions
        {
            ReadRetentionDays = reader.Int(SettingNames.NotificationsReadRetentionDays, required: false, min: 1, max: 3650) ?? 90,
            UnreadRetentionDays = reader.Int(SettingNames.NotificationsUnreadRetentionDays, required: false, min: 1, max: 3650) ?? 365,
        };
        if (notifications.UnreadRetentionDays < notifications.ReadRetentionDays)
            problems.Add($"{SettingNames.NotificationsUnreadRetentionDays} must be at least {SettingNames.NotificationsReadRetentionDays}.");
        return notifications;
    }

    /// <summary>Rate limits: overrides of the declared policies, checked against their names.</summary>
    public static RateLimitOptions BindRateLimits(IConfiguration configuration, ICollection<string> problems) =>
        RateLimitSettings.Parse(new Reader(configuration, problems).Optional(SettingNames.RateLimits), Redis.RateLimitPolicies.Declared, problems);

    /// <summary>Tracks (issue 9): the largest audio file a scan accepts.</summary>
    public static TrackOptions BindTracks(IConfiguration configuration, ICollection<string> problems) =>
        new() { MaxBytes = new Reader(configuration, problems).Int(SettingNames.TrackMaxBytes, required: false, min: 1024, max: int.MaxValue) ?? TrackOptions.DefaultMaxBytes };

    /// <summary>Development mail: the folder e-mail is written to, or null (never in production).</summary>
    public static DevMailOptions BindDevMail(IConfiguration configuration, ICollection<string> problems) =>
        new() { Directory = new Reader(configuration, problems).Optional(SettingNames.DevMailDir) };

    /// <summary>Operations: backups and the restore drill (schedules, retention).</summary>
    public static Operations.BackupOptions BindBackups(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        return new Operations.BackupOptions
        {
            RetentionDays = reader.Int(SettingNames.BackupRetentionDays, required: false, min: 1, max: 3650) ?? 30,
            KeepNewest = reader.Int(SettingNames.BackupKeepNewest, required: false, min: 1, max: 1000) ?? 7,
        };
    }

    /// <summary>Operations: archiving to cold storage (financial records kept at least 10 years).</summary>
    public static Operations.ArchiveOptions BindArchive(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        return new Operations.ArchiveOptions
        {
            FinancialRetentionYears = reader.Int(SettingNames.FinancialRetentionYears, required: false, min: 10, max: 100) ?? 10,
            ChatArchiveDays = reader.Int(SettingNames.ChatArchiveDays, required: false, min: 1, max: 36500) ?? 90,
            ActivityRetentionDays = reader.Int(SettingNames.ActivityRetentionDays, required: false, min: 1, max: 36500) ?? 365,
            AnalyticsRetentionDays = reader.Int(SettingNames.AnalyticsRetentionDays, required: false, min: 1, max: 36500) ?? 730,
        };
    }

    /// <summary>Telemetry exporters: Application Insights, else OTLP, else the console when enabled.</summary>
    public static TelemetryOptions BindTelemetry(IConfiguration configuration, ICollection<string> problems)
    {
        var reader = new Reader(configuration, problems);
        var otlp = reader.Optional(SettingNames.OtlpEndpoint);
        if (otlp is not null && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
            problems.Add($"{SettingNames.OtlpEndpoint} must be an absolute URI such as http://localhost:4317; got '{otlp}'.");
        return new TelemetryOptions
        {
            AppInsightsConnectionString = reader.Optional(SettingNames.AppInsightsConnectionString),
            OtlpEndpoint = otlp,
            Console = reader.Bool(SettingNames.OtelConsole) ?? false,
        };
    }

    public static EdgeOptions BindEdge(IConfiguration configuration, ICollection<string> problems)
    {
        var countryHeader = new Reader(configuration, problems).Optional(SettingNames.CountryHeader);
        if (countryHeader is not null && !System.Text.RegularExpressions.Regex.IsMatch(countryHeader, "^[A-Za-z0-9-]{1,64}$"))
            problems.Add($"{SettingNames.CountryHeader} must be a header name (letters, digits, '-'); got '{countryHeader}'.");
        return new EdgeOptions { CountryHeader = countryHeader };
    }

    private static QueueNames BindQueues(Reader reader, ICollection<string> problems)
    {
        string Name(string setting, string fallback)
        {
            var name = reader.Optional(setting) ?? fallback;
            // Azure queue names: 3-63 lower-case letters, digits and single hyphens; "-poison" must still fit.
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,55}$"))
                problems.Add($"{setting} must be a queue name of 3-56 lower-case letters, digits and single hyphens; got '{name}'.");
            return name;
        }
        return new QueueNames
        {
            Tips = Name(SettingNames.TipsQueue, Storage.StorageNames.TipsQueue),
            Notifications = Name(SettingNames.NotificationsQueue, Storage.StorageNames.NotificationsQueue),
            TrackScans = Name(SettingNames.TrackScansQueue, Storage.StorageNames.TrackScansQueue),
        };
    }

    private static Dictionary<string, byte[]> ParseKeys(string raw, ICollection<string> problems, out string activeKeyId)
    {
        activeKeyId = "";
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (raw.Length == 0) return keys;
        foreach (var part in raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0)
            {
                problems.Add($"{SettingNames.EncryptionKeys}: each key must look like keyId:base64 (32 bytes).");
                continue;
            }
            var id = part[..colon];
            byte[] bytes;
            try { bytes = Convert.FromBase64String(part[(colon + 1)..]); }
            catch (FormatException) { problems.Add($"{SettingNames.EncryptionKeys}: key '{id}' is not valid base64."); continue; }
            if (bytes.Length != 32) { problems.Add($"{SettingNames.EncryptionKeys}: key '{id}' must be 32 bytes (AES-256), got {bytes.Length}."); continue; }
            if (!keys.TryAdd(id, bytes)) problems.Add($"{SettingNames.EncryptionKeys}: key id '{id}' appears twice.");
            if (activeKeyId.Length == 0) activeKeyId = id;
        }
        return keys;
    }

    private sealed class Reader(IConfiguration configuration, ICollection<string> problems)
    {
        private string? Raw(string name)
        {
            var value = configuration[name];
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        public string Required(string name, bool allowEmpty = false)
        {
            var value = configuration[name];
            if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value)))
            {
                problems.Add($"{name} is required but not set.");
                return "";
            }
            return value.Trim();
        }

        public string? Optional(string name) => Raw(name);

        public int? Int(string name, bool required, int min, int max)
        {
            var raw = Raw(name);
            if (raw is null)
            {
                if (required) problems.Add($"{name} is required but not set.");
                return null;
            }
            if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                problems.Add($"{name} must be a whole number from {min} to {max}; got '{raw}'.");
                return null;
            }
            return v;
        }

        public bool? Bool(string name)
        {
            var raw = Raw(name);
            if (raw is null) return null;
            if (bool.TryParse(raw, out var b)) return b;
            problems.Add($"{name} must be true or false; got '{raw}'.");
            return null;
        }

        public decimal? Decimal(string name)
        {
            var raw = Raw(name);
            if (raw is null) return null;
            if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
            problems.Add($"{name} must be a decimal number; got '{raw}'.");
            return null;
        }

        public byte[]? Base64(string name, int minBytes)
        {
            var raw = Raw(name);
            if (raw is null) { problems.Add($"{name} is required but not set."); return null; }
            try
            {
                var bytes = Convert.FromBase64String(raw);
                if (bytes.Length >= minBytes) return bytes;
                problems.Add($"{name} must hold at least {minBytes} bytes (base64); got {bytes.Length}.");
            }
            catch (FormatException) { problems.Add($"{name} must be base64."); }
            return null;
        }
    }
}
