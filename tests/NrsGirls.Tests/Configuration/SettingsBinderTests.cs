using NrsGirls.Shared.Postgres;

namespace NrsGirls.Tests.Configuration;

public class SettingsBinderTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        [SettingNames.PostgresHost] = "127.0.0.1",
        [SettingNames.PostgresPort] = "5432",
        [SettingNames.PostgresDb] = "nrsgirls",
        [SettingNames.PostgresUser] = "owner",
        [SettingNames.PostgresPassword] = "pw",
        [SettingNames.RedisHost] = "127.0.0.1",
        [SettingNames.RedisPort] = "6379",
        [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        [SettingNames.EncryptionKeys] = "k1:" + Convert.ToBase64String(new byte[32]),
        [SettingNames.HashingKey] = Convert.ToBase64String(new byte[32]),
    };

    private static NrsGirlsOptions Bind(Dictionary<string, string?> values) =>
        SettingsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void Valid_settings_bind_with_the_seed_defaults()
    {
        var o = Bind(Valid());
        Assert.Equal(2, o.Postgres.PoolMin);
        Assert.Equal(10, o.Postgres.PoolMax);
        Assert.False(o.Postgres.Ssl);
        Assert.False(o.Mongo.IsConfigured);
        Assert.Equal(12, o.Security.BcryptCost);
        Assert.Equal(0.20m, o.Payments.PlatformFeeRate);
        Assert.Equal("k1", o.Security.ActiveKeyId);
    }

    [Theory]
    [InlineData("POSTGRES_HOST")]
    [InlineData("POSTGRES_PORT")]
    [InlineData("REDIS_HOST")]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("NRSGIRLS_ENCRYPTION_KEYS")]
    public void A_missing_required_setting_is_named(string name)
    {
        var values = Valid();
        values.Remove(name);
        var ex = Assert.Throws<ConfigurationException>(() => Bind(values));
        Assert.Contains($"{name} is required", ex.Message);
    }

    [Theory]
    [InlineData("POSTGRES_PORT", "five", "POSTGRES_PORT must be a whole number")]
    [InlineData("POSTGRES_PORT", "70000", "POSTGRES_PORT must be a whole number")]
    [InlineData("POSTGRES_SSL", "yes please", "POSTGRES_SSL must be true or false")]
    [InlineData("DB_POOL_MAX", "-1", "DB_POOL_MAX must be a whole number")]
    [InlineData("MONGODB_URI", "http://x", "MONGODB_URI must start with mongodb://")]
    [InlineData("NRSGIRLS_PLATFORM_FEE_RATE", "1.5", "NRSGIRLS_PLATFORM_FEE_RATE must be a fraction")]
    [InlineData("NRSGIRLS_ENCRYPTION_KEYS", "k1:AAAA", "must be 32 bytes")]
    [InlineData("NRSGIRLS_HASHING_KEY", "AAAA", "NRSGIRLS_HASHING_KEY must hold at least 32 bytes")]
    public void A_malformed_setting_is_named(string name, string value, string expected)
    {
        var values = Valid();
        values[name] = value;
        var ex = Assert.Throws<ConfigurationException>(() => Bind(values));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(new Dictionary<string, string?>()));
        foreach (var name in SettingNames.Required) Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void Pool_min_above_max_is_refused()
    {
        var values = Valid();
        values[SettingNames.DbPoolMin] = "20";
        values[SettingNames.DbPoolMax] = "5";
        Assert.Contains("DB_POOL_MIN (20) must not exceed DB_POOL_MAX (5)", Assert.Throws<ConfigurationException>(() => Bind(values)).Message);
    }

    [Fact]
    public void Ssl_true_means_a_verified_connection_and_pool_sizes_reach_npgsql()
    {
        var values = Valid();
        values[SettingNames.PostgresSsl] = "true";
        values[SettingNames.DbPoolMin] = "3";
        values[SettingNames.DbPoolMax] = "7";
        var b = new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(Bind(values).Postgres));
        Assert.Equal(SslMode.VerifyFull, b.SslMode);
        Assert.Equal(3, b.MinPoolSize);
        Assert.Equal(7, b.MaxPoolSize);
    }

    [Fact]
    public void The_app_login_is_used_at_run_time_and_the_owner_for_migrations()
    {
        var values = Valid();
        values[SettingNames.PostgresAppUser] = "app";
        values[SettingNames.PostgresAppPassword] = "apppw";
        var o = Bind(values).Postgres;
        Assert.Equal("app", new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(o)).Username);
        Assert.Equal("owner", new NpgsqlConnectionStringBuilder(PostgresConnections.ConnectionString(o, owner: true)).Username);
    }

    [Fact]
    public void The_sample_local_settings_bind_without_problems()
    {
        var root = TestPaths.RepoRoot;
        var config = NrsGirls.Cli.CliConfiguration.Build(Path.Combine(root, "local.settings.sample.json"));
        var o = SettingsBinder.Bind(config);
        Assert.Equal("nrsgirls", o.Postgres.Database);
        // Every setting the app binds is listed in the sample, so a newcomer sees them all.
        var sample = File.ReadAllText(Path.Combine(root, "local.settings.sample.json"));
        foreach (var name in SettingNames.All) Assert.Contains($"\"{name}\"", sample);
    }
}

public class StorageSettingsTests
{
    private static Dictionary<string, string?> WithoutStorage()
    {
        var v = new Dictionary<string, string?>
        {
            ["POSTGRES_HOST"] = "h", ["POSTGRES_PORT"] = "5432", ["POSTGRES_DB"] = "d", ["POSTGRES_USER"] = "u", ["POSTGRES_PASSWORD"] = "p",
            ["REDIS_HOST"] = "h", ["REDIS_PORT"] = "6379",
            ["NRSGIRLS_ENCRYPTION_KEYS"] = "k:" + Convert.ToBase64String(new byte[32]), ["NRSGIRLS_HASHING_KEY"] = Convert.ToBase64String(new byte[32]),
        };
        return v;
    }

    [Fact]
    public void Identity_based_storage_as_deployed_by_the_bicep_binds_without_a_connection_string()
    {
        var v = WithoutStorage();
        // As environment variables AzureWebJobsStorage__accountName arrive with ':' in .NET configuration.
        v["AzureWebJobsStorage:accountName"] = "stnrsgirls";
        v["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001";
        var o = SettingsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(v).Build()).Storage;
        Assert.True(o.UsesIdentity);
        Assert.Equal("https://stnrsgirls.queue.core.windows.net/", NrsGirls.Shared.Storage.StorageClients.Queues(o).Uri.ToString());
    }

    [Fact]
    public void Without_any_storage_setting_both_ways_are_named()
    {
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(WithoutStorage()).Build()));
        Assert.Contains("AzureWebJobsStorage is required", ex.Message);
        Assert.Contains("AzureWebJobsStorage__accountName", ex.Message);
    }
}

/// <summary>One binder per concern: a tool asks only for what it uses; the app still checks everything at once.</summary>
public class SettingsPerConcernTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string?> PostgresOnly() => new()
    {
        [SettingNames.PostgresHost] = "127.0.0.1", [SettingNames.PostgresPort] = "5432", [SettingNames.PostgresDb] = "nrsgirls",
        [SettingNames.PostgresUser] = "owner", [SettingNames.PostgresPassword] = "pw",
    };

    [Fact]
    public void Postgres_settings_alone_bind_the_postgres_concern()
    {
        var o = SettingsBinder.Only(Config(PostgresOnly()), SettingsBinder.BindPostgres);
        Assert.Equal("nrsgirls", o.Database);
        Assert.Equal(10, o.PoolMax);
    }

    [Fact]
    public void A_concern_names_only_its_own_missing_settings()
    {
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Only(Config([]), SettingsBinder.BindPostgres));
        Assert.Contains("POSTGRES_HOST is required", ex.Message);
        Assert.Contains("POSTGRES_PASSWORD is required", ex.Message);
        Assert.DoesNotContain("REDIS", ex.Message);
        Assert.DoesNotContain("NRSGIRLS_", ex.Message);
        Assert.DoesNotContain("AzureWebJobsStorage", ex.Message);
    }

    [Fact]
    public void Concerns_bound_together_report_all_their_problems_at_once()
    {
        var values = PostgresOnly();
        values.Remove(SettingNames.PostgresDb);
        values[SettingNames.BcryptCost] = "99";
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Only(Config(values),
            (c, p) => (SettingsBinder.BindPostgres(c, p), SettingsBinder.BindHashing(c, p))));
        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains("POSTGRES_DB is required", ex.Message);
        Assert.Contains("NRSGIRLS_HASHING_KEY is required", ex.Message);
        Assert.Contains("NRSGIRLS_BCRYPT_COST must be a whole number", ex.Message);
    }

    [Fact]
    public void Hashing_needs_no_encryption_keys_and_security_needs_both()
    {
        var values = new Dictionary<string, string?> { [SettingNames.HashingKey] = Convert.ToBase64String(new byte[32]) };
        var hashing = SettingsBinder.Only(Config(values), SettingsBinder.BindHashing);
        Assert.Equal(32, hashing.HashingKey.Length);
        Assert.Empty(hashing.EncryptionKeys);
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Only(Config(values), SettingsBinder.BindSecurity));
        Assert.Contains("NRSGIRLS_ENCRYPTION_KEYS is required", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Redis_not_required_falls_back_to_the_local_default_but_still_checks_what_is_set()
    {
        var o = SettingsBinder.Only(Config([]), (c, p) => SettingsBinder.BindRedis(c, p, required: false));
        Assert.Equal(("127.0.0.1", 6379), (o.Host, o.Port));
        var ex = Assert.Throws<ConfigurationException>(() =>
            SettingsBinder.Only(Config(new() { [SettingNames.RedisPort] = "nope" }), (c, p) => SettingsBinder.BindRedis(c, p, required: false)));
        Assert.Contains("REDIS_PORT must be a whole number", ex.Message);
    }

    [Fact]
    public void The_app_entry_point_names_every_missing_setting_at_once()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var ex = Assert.Throws<ConfigurationException>(() => NrsGirls.Functions.FunctionsServiceCollectionExtensions.AddNrsGirlsFunctions(services, Config([])));
        foreach (var name in SettingNames.Required) Assert.Contains($"{name} is required", ex.Message);
    }
}
