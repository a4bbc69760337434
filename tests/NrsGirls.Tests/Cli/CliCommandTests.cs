namespace NrsGirls.Tests.Cli;

/// <summary>The `nrsgirls` command line, run in-process against the fixture's services (in parallel with other tests).</summary>
public class CliCommandTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string[] PostgresSettings =
        [SettingNames.PostgresHost, SettingNames.PostgresPort, SettingNames.PostgresDb, SettingNames.PostgresUser, SettingNames.PostgresPassword];

    /// <summary>The fixture's settings, reduced to the given ones: nothing of Redis, storage or encryption keys.</summary>
    private IConfiguration Only(params string[] names) => CliRuns.Only(app.Env.Settings(app.Database), names);

    [Theory]
    [InlineData("status", "001_initial_schema", "pending")] // every migration listed, and applied
    [InlineData("up", "Nothing to apply", "Applied")]
    public async Task Migrate_runs_with_only_the_postgres_settings(string command, string expected, string unexpected)
    {
        var (exit, output, err) = await CliRuns.Run(Only(PostgresSettings), "db", "migrate", command);
        Assert.True(exit == 0, err);
        Assert.Contains(expected, output);
        Assert.DoesNotContain(unexpected, output);
    }

    [Fact]
    public async Task Migrate_up_without_MONGODB_URI_says_mongo_is_skipped()
    {
        var (_, output, _) = await CliRuns.Run(Only(PostgresSettings), "db", "migrate", "up");
        Assert.Contains("MongoDB: not configured", output);
    }

    [Fact]
    public async Task Seed_command_reports_what_it_added_with_only_the_postgres_settings_and_the_hashing_key()
    {
        var (exit, output, err) = await CliRuns.Run(Only([.. PostgresSettings, SettingNames.HashingKey]), "db", "seed", "users");
        Assert.True(exit == 0, err);
        Assert.Contains("seed users", output);
        Assert.Contains("development password", output);
    }

    [Fact]
    public async Task Seed_without_the_hashing_key_names_that_key_and_no_setting_it_does_not_use()
    {
        var (exit, _, err) = await CliRuns.Run(Only(PostgresSettings), "db", "seed", "users");
        Assert.Equal(2, exit);
        Assert.Contains($"{SettingNames.HashingKey} is required", err);
        foreach (var unused in new[] { SettingNames.RedisHost, SettingNames.AzureWebJobsStorage, SettingNames.EncryptionKeys })
            Assert.DoesNotContain(unused, err);
    }

    [Fact]
    public async Task A_missing_setting_stops_the_tool_with_its_name_and_exit_code_2()
    {
        var (exit, _, err) = await CliRuns.Run(Only(PostgresSettings[1..]), "db", "migrate", "status");
        Assert.Equal(2, exit);
        Assert.Contains("POSTGRES_HOST is required", err);
        Assert.DoesNotContain("REDIS_HOST", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public async Task Create_app_login_sits_beside_the_database_commands_and_needs_only_postgres_settings()
    {
        var (exit, output, err) = await CliRuns.Run(
            Only([.. PostgresSettings, SettingNames.PostgresAppUser, SettingNames.PostgresAppPassword]), "db", "create-app-login");
        Assert.True(exit == 0, err);
        Assert.Contains($"Login '{TestEnvironment.AppLogin}' is a member of nrsgirls_readwrite", output);
        Assert.True(await app.Scalar<bool>("select pg_has_role(@login, 'nrsgirls_readwrite', 'member')", new { login = TestEnvironment.AppLogin }));

        var (noLogin, _, noLoginErr) = await CliRuns.Run(Only(PostgresSettings), "db", "create-app-login");
        Assert.Equal(2, noLogin);
        Assert.Contains($"{SettingNames.PostgresAppUser} is not set", noLoginErr);
    }

    [Fact]
    public async Task Migrate_create_needs_no_settings_and_writes_to_the_runs_output()
    {
        var dir = Directory.CreateTempSubdirectory("nrsgirls-migrate-create-");
        try
        {
            var (exit, output, err) = await CliRuns.Run(new ConfigurationBuilder().Build(), "db", "migrate", "create", "add_things", "--dir", dir.FullName);
            Assert.True(exit == 0, err);
            var file = Assert.Single(dir.GetFiles("*.sql"));
            Assert.Contains(file.Name, output);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Local_status_needs_neither_redis_nor_storage_nor_keys()
    {
        var (exit, output, err) = await CliRuns.Run(Only(PostgresSettings), "local", "status");
        Assert.True(exit == 0, err);
        Assert.Contains($"postgres       127.0.0.1:{app.Env.Postgres.Port}  listening", output);
        Assert.Contains("redis          127.0.0.1:6379", output);
        Assert.Contains("azurite-queue  127.0.0.1:10001", output);
    }

    [Fact]
    public async Task An_unknown_seed_part_is_refused_on_the_runs_error_writer()
    {
        var (exit, _, err) = await CliRuns.Run(app.Configuration, "db", "seed", "bananas");
        Assert.NotEqual(0, exit);
        Assert.Contains("bananas", err);
    }

    [Fact]
    public async Task Help_goes_to_the_runs_output_writer()
    {
        var (exit, output, _) = await CliRuns.Run(new ConfigurationBuilder().Build(), "db", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("create-app-login", output);
        Assert.Contains("migrate", output);
    }
}
