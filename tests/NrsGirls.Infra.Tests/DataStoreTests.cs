namespace NrsGirls.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class DataStoreTests(CompiledTemplate compiled)
{
    private const string PostgresConfiguration = "Microsoft.DBforPostgreSQL/flexibleServers/configurations";

    private JsonObject Postgres => compiled.Module("postgres");
    private JsonObject PostgresServer => compiled.SingleOfType("postgres", "Microsoft.DBforPostgreSQL/flexibleServers");
    private JsonObject Redis => compiled.Module("redis");
    private JsonObject RedisCache => compiled.SingleOfType("redis", "Microsoft.Cache/redis");

    private string PostgresSetting(string name) =>
        CompiledTemplate.Named(Postgres, PostgresConfiguration, name)["properties"]!["value"]!.GetValue<string>();

    [Fact]
    public void Postgres_requires_tls()
    {
        Assert.Equal("ON", PostgresSetting("require_secure_transport"));
        Assert.Equal("TLSv1.2", PostgresSetting("ssl_min_protocol_version"));
    }

    [Fact]
    public void Postgres_is_version_15_and_keeps_backups_for_30_days()
    {
        var properties = PostgresServer["properties"]!;
        Assert.Equal("15", properties["version"]!.GetValue<string>());
        Assert.Equal(30, properties["backup"]!["backupRetentionDays"]!.GetValue<int>());
    }

    [Fact]
    public void Postgres_geo_redundant_backup_and_zone_redundant_ha_are_parameters_off_by_default()
    {
        var properties = PostgresServer["properties"]!;
        Assert.Contains("geoRedundantBackup", properties["backup"]!["geoRedundantBackup"]!.GetValue<string>());
        Assert.Contains("ZoneRedundant", properties["highAvailability"]!["mode"]!.GetValue<string>());
        var main = compiled.Main["parameters"]!;
        Assert.False(main["postgresGeoRedundantBackup"]!["defaultValue"]!.GetValue<bool>());
        Assert.False(main["postgresZoneRedundantHa"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Postgres_loads_pg_stat_statements()
    {
        Assert.Contains("pg_stat_statements", PostgresSetting("shared_preload_libraries").Split(','));
        Assert.Contains("pg_stat_statements", PostgresSetting("azure.extensions").ToLowerInvariant().Split(','));
        Assert.NotEqual("none", PostgresSetting("pg_stat_statements.track"));
    }

    [Fact]
    public void Postgres_creates_the_nrsgirls_database()
    {
        var database = CompiledTemplate.OfType(Postgres, "Microsoft.DBforPostgreSQL/flexibleServers/databases").Single();
        Assert.EndsWith("parameters('databaseName'))]", database["name"]!.GetValue<string>());
        Assert.Equal("nrsgirls", Postgres["parameters"]!["databaseName"]!["defaultValue"]!.GetValue<string>());
        var passed = compiled.Deployment("postgres")["properties"]!["parameters"]!.AsObject();
        Assert.False(passed.ContainsKey("databaseName"), "main.bicep overrides the database name.");
    }

    [Fact]
    public void Postgres_network_access_is_public_with_firewall_rules_or_private_by_parameter()
    {
        var allowed = compiled.Main["parameters"]!["postgresNetworkAccess"]!["allowedValues"]!.AsArray()
            .Select(v => v!.GetValue<string>());
        Assert.Equal(["public", "private"], allowed);
        var rules = CompiledTemplate.OfType(Postgres, "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules").ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Contains("privateAccess", r.ToJsonString()));
        Assert.Contains("delegatedSubnetResourceId", PostgresServer["properties"]!["network"]!.ToJsonString());
    }

    [Fact]
    public void Redis_accepts_only_tls_1_2_or_later()
    {
        var properties = RedisCache["properties"]!;
        Assert.False(properties["enableNonSslPort"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Redis_snapshots_every_360_minutes_on_the_default_premium_tier()
    {
        var rdb = Redis["variables"]!["rdbSchedule"]!;
        Assert.Equal("true", rdb["rdb-backup-enabled"]!.GetValue<string>());
        Assert.Equal("360", rdb["rdb-backup-frequency"]!.GetValue<string>());
        Assert.StartsWith("[if(variables('persistenceSupported'), union(variables('rdbSchedule')", RedisCache["properties"]!["redisConfiguration"]!.GetValue<string>());
        Assert.Equal("Premium", compiled.Main["parameters"]!["redisSkuName"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[equals(parameters('skuName'), 'Premium')]", Redis["variables"]!["persistenceSupported"]!.GetValue<string>());
    }

    [Fact]
    public void Mongo_is_a_vcore_cluster_or_an_external_connection_string_in_the_vault()
    {
        var cluster = compiled.Deployment("mongo-cluster");
        var external = compiled.Deployment("mongo-external-secret");
        Assert.Equal("[variables('useMongoCluster')]", cluster["condition"]!.GetValue<string>());
        Assert.Equal("[not(variables('useMongoCluster'))]", external["condition"]!.GetValue<string>());
        Assert.Single(CompiledTemplate.OfType(compiled.Module("mongo-cluster"), "Microsoft.DocumentDB/mongoClusters"));
        CompiledTemplate.Named(compiled.Module("mongo-cluster"), "Microsoft.KeyVault/vaults/secrets", "mongodb-uri");
        Assert.Equal("mongodb-uri", external["properties"]!["parameters"]!["name"]!["value"]!.GetValue<string>());
        Assert.Contains("mongoExternalConnectionString", external["properties"]!["parameters"]!["value"]!["value"]!.GetValue<string>());
    }
}
