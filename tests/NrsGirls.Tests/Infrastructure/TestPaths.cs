namespace NrsGirls.Tests.Infrastructure;

public static class TestPaths
{
    public static string RepoRoot { get; } = NrsGirls.Cli.CliConfiguration.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("NrsGirls.sln not found above the test output.");
}
