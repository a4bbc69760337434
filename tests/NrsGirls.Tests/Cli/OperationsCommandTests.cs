using NrsGirls.Cli;

namespace NrsGirls.Tests.Cli;

/// <summary>`db backup|restore|restore-drill|stats|health|archive` end with one summary line and an exit code scripts can use.</summary>
public class OperationsCommandTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static async Task<(int Exit, string Out, string Err)> Run(IConfiguration configuration, params string[] args)
    {
        var run = await CliRuns.Run(configuration, args);
        return (run.Exit, run.Out, run.Err);
    }

    private static string Last(string output) => output.TrimEnd().Split('\n')[^1];

    [Fact]
    public async Task Backup_list_restore_drill_stats_and_health_run_from_the_command_line_with_summary_lines_and_exit_codes()
    {
        var (exit, output, err) = await Run(app.Configuration, "db", "backup", "run", "--period", "cli-1");
        Assert.True(exit == 0, err + output);
        Assert.StartsWith("backup complete: set cli-1", Last(output), StringComparison.Ordinal);
        // Redirected output: plain progress lines, one per table.
        Assert.Contains("backup: [1/", output, StringComparison.Ordinal);

        (exit, output, _) = await Run(app.Configuration, "db", "backup", "run", "--period", "cli-1");
        Assert.Equal(0, exit);
        Assert.StartsWith("backup skipped", Last(output), StringComparison.Ordinal);

        (exit, output, _) = await Run(app.Configuration, "db", "backup", "list");
        Assert.Equal(0, exit);
        Assert.Contains("cli-1", output, StringComparison.Ordinal);
        Assert.Contains("complete", output, StringComparison.Ordinal);

        var target = $"cli_{Guid.NewGuid():N}";
        try
        {
            (exit, output, err) = await Run(app.Configuration, "db", "restore", "cli-1", "--into", target);
            Assert.True(exit == 0, err + output);
            Assert.StartsWith($"restore ok: set cli-1 into {target}", Last(output), StringComparison.Ordinal);
            (exit, _, err) = await Run(app.Configuration, "db", "restore", "cli-1", "--into", target);
            Assert.Equal(2, exit);
            Assert.Contains("not empty", err, StringComparison.Ordinal);
        }
        finally { await app.Env.DropDatabaseAsync(target); }

        (exit, output, err) = await Run(app.Configuration, "db", "restore-drill");
        Assert.True(exit == 0, err + output);
        Assert.StartsWith("restore-drill passed", Last(output), StringComparison.Ordinal);

        (exit, output, _) = await Run(app.Configuration, "db", "stats");
        Assert.Equal(0, exit);
        Assert.StartsWith("stats:", Last(output), StringComparison.Ordinal);

        (exit, output, _) = await Run(app.Configuration, "db", "archive", "list");
        Assert.Equal(0, exit);
        Assert.Contains("archived part(s)", Last(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_set_is_refused_with_exit_code_2_and_no_stack_trace()
    {
        var (exit, _, err) = await Run(app.Configuration, "db", "restore", "no-such-set", "--into", "cli_never");
        Assert.Equal(2, exit);
        Assert.Contains("No complete backup set 'no-such-set'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
