using System.Globalization;
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
/// Binds <see cref="NrsGirlsOptions"/> from configuration by the names in <see cref="SettingNames"/>,
/// collecting every problem before failing so that one start-up shows them all.
/// </summary>
public static class SettingsBinder
{
    public static NrsGirlsOptions Bind(IConfiguration configuration)
    {
        var problems = new List<string>();
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

        var redis = new RedisOptions
        {
            Host = reader.Required(SettingNames.RedisHost),
            Port = reader.Int(SettingNames.RedisPort, required: true, min: 1, max: 65535) ?? 0,
            Password = reader.Optional(SettingNames.RedisPassword),
            Ssl = reader.Bool(SettingNames.RedisSsl) ?? false,
            Database = reader.Int(SettingNames.RedisDatabase, required: false, min: 0, max: 100_000) ?? 0,
        };

        var mongoUri = reader.Optional(SettingNames.MongoDbUri);
        if (mongoUri is not null && !mongoUri.StartsWith("mongodb://", StringComparison.Ordinal) &&
            !mongoUri.StartsWith("mongodb+srv://", StringComparison.Ordinal))
            problems.Add($"{SettingNames.MongoDbUri} must start with mongodb:// or mongodb+srv:// (or be empty to run without MongoDB).");

        var storage = BindStorage(reader, problems) with { Queues = BindQueues(reader, problems) };
        var countryHeader = reader.Optional(SettingNames.CountryHeader);
        if (countryHeader is not null && !System.Text.RegularExpressions.Regex.IsMatch(countryHeader, "^[A-Za-z0-9-]{1,64}$"))
            problems.Add($"{SettingNames.CountryHeader} must be a header name (letters, digits, '-'); got '{countryHeader}'.");

        var keys = ParseKeys(reader.Required(SettingNames.EncryptionKeys), problems, out var activeKeyId);
        var hashingKey = reader.Base64(SettingNames.HashingKey, minBytes: 32) ?? [];
        var security = new SecurityOptions
        {
            EncryptionKeys = keys,
            ActiveKeyId = activeKeyId,
            HashingKey = hashingKey,
            BcryptCost = reader.Int(SettingNames.BcryptCost, required: false, min: 4, max: 31) ?? 12,
        };

        var feeRate = reader.Decimal(SettingNames.PlatformFeeRate) ?? 0.20m;
        if (feeRate < 0m || feeRate >= 1m)
            problems.Add($"{SettingNames.PlatformFeeRate} must be a fraction from 0 up to (not including) 1, for example 0.20; got {feeRate}.");

        var payments = BindPayments(reader, problems) with { PlatformFeeRate = feeRate };

        if (problems.Count > 0) throw new ConfigurationException(problems);
        return new NrsGirlsOptions(postgres, redis, new MongoOptions { Uri = mongoUri }, storage, security, payments)
        {
            Edge = new EdgeOptions { CountryHeader = countryHeader },
        };
    }

    // Money (issue 11).
    private static PaymentOptions BindPayments(Reader reader, List<string> problems)
    {
        var provider = reader.Optional(SettingNames.PaymentProvider) ?? PaymentOptions.Simulated;
        if (provider is not (PaymentOptions.Simulated or PaymentOptions.Stripe))
            problems.Add($"{SettingNames.PaymentProvider} must be {PaymentOptions.Simulated} or {PaymentOptions.Stripe}; got '{provider}'.");
        var currencies = (reader.Optional(SettingNames.PaymentCurrencies) ?? "USD,EUR,GBP")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (currencies.Length == 0 || currencies.Any(c => !System.Text.RegularExpressions.Regex.IsMatch(c, "^[A-Z]{3}$")))
            problems.Add($"{SettingNames.PaymentCurrencies} must list ISO 4217 codes in upper case, comma separated (USD,EUR); got '{string.Join(",", currencies)}'.");
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

    private static QueueNames BindQueues(Reader reader, List<string> problems)
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

    private static StorageOptions BindStorage(Reader reader, List<string> problems)
    {
        var connectionString = reader.Optional(SettingNames.AzureWebJobsStorage);
        // Environment variables name them with "__"; .NET configuration turns that into ":".
        var account = reader.Optional(SettingNames.AzureWebJobsStorageAccountName) ?? reader.Optional("AzureWebJobsStorage:accountName");
        var clientId = reader.Optional(SettingNames.AzureWebJobsStorageClientId) ?? reader.Optional("AzureWebJobsStorage:clientId");
        if (connectionString is null && account is null)
            problems.Add($"{SettingNames.AzureWebJobsStorage} is required but not set (or set {SettingNames.AzureWebJobsStorageAccountName} for identity-based access).");
        return connectionString is not null
            ? new StorageOptions { ConnectionString = connectionString }
            : new StorageOptions { AccountName = account, ClientId = clientId };
    }

    private static Dictionary<string, byte[]> ParseKeys(string raw, List<string> problems, out string activeKeyId)
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

    private sealed class Reader(IConfiguration configuration, List<string> problems)
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
