using Microsoft.Extensions.Configuration;
using NrsGirls.Cli;
using NrsGirls.Tests.Infrastructure;

namespace NrsGirls.Tests.Cli;

/// <summary>The `nrsgirls` command line, run in-process against the fixture's services.</summary>
[Collection(nameof(CliCollection))]
public class CliCommandTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(int Exit, string Out, string Err)> Run(IConfiguration configuration, params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        CliContext.ConfigurationOverride = () => configuration;
        Console.SetOut(o);
        Console.SetError(e);
        try { return (await NrsGirlsCommand.RunAsync(args), o.ToString(), e.ToString()); }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            CliContext.ConfigurationOverride = null;
        }
    }

    [Fact]
    public async Task Migrate_status_lists_every_migration_as_applied()
    {
        var (exit, output, _) = await Run(app.Configuration, "db", "migrate", "status");
        Assert.Equal(0, exit);
        Assert.Contains("001_initial_schema", output);
        Assert.DoesNotContain("pending", output);
    }

    [Fact]
    public async Task Migrate_up_on_an_up_to_date_database_applies_nothing()
    {
        var (exit, output, _) = await Run(app.Configuration, "db", "migrate", "up");
        Assert.Equal(0, exit);
        Assert.Contains("Nothing to apply", output);
        Assert.Contains("MongoDB: not configured", output);
    }

    [Fact]
    public async Task Seed_command_reports_what_it_added()
    {
        var (exit, output, err) = await Run(app.Configuration, "db", "seed", "users");
        Assert.True(exit == 0, err);
        Assert.Contains("seed users", output);
        Assert.Contains("development password", output);
    }

    [Fact]
    public async Task A_missing_setting_stops_the_tool_with_its_name_and_exit_code_2()
    {
        var settings = app.Env.Settings(app.Database);
        settings.Remove("POSTGRES_HOST");
        var (exit, _, err) = await Run(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), "db", "migrate", "status");
        Assert.Equal(2, exit);
        Assert.Contains("POSTGRES_HOST is required", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public async Task An_unknown_seed_part_is_refused()
    {
        var (exit, _, err) = await Run(app.Configuration, "db", "seed", "bananas");
        Assert.NotEqual(0, exit);
        Assert.Contains("bananas", err);
    }
}

[CollectionDefinition(nameof(CliCollection), DisableParallelization = true)]
public sealed class CliCollection;
