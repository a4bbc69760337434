using NrsGirls.Cli;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>What one `nrsgirls` run printed and returned.</summary>
public sealed record CliRun(int Exit, string Out, string Err);

/// <summary>
/// Runs `nrsgirls` in-process with its own configuration, standard input and writers (nothing global),
/// so CLI tests run in parallel with every other test.
/// </summary>
public static class CliRuns
{
    public static Task<CliRun> Run(IConfiguration configuration, params string[] args) => Run(configuration, args, stdin: "");

    public static async Task<CliRun> Run(IConfiguration configuration, string[] args, string stdin, int times = 1)
    {
        // Runs at once share the writers: synchronised.
        var (o, e) = (new StringWriter(), new StringWriter());
        var (output, error) = (TextWriter.Synchronized(o), TextWriter.Synchronized(e));
        var exits = await Task.WhenAll(Enumerable.Range(0, times).Select(_ =>
            NrsGirlsCommand.RunAsync(args, new CliEnvironment(() => configuration, new StringReader(stdin)), output, error)));
        return new CliRun(exits.Max(), o.ToString(), e.ToString());
    }

    /// <summary>Configuration holding only the given settings.</summary>
    public static IConfiguration Only(IReadOnlyDictionary<string, string?> settings, params string[] names) =>
        new ConfigurationBuilder().AddInMemoryCollection(names.Select(n => KeyValuePair.Create(n, settings[n]))).Build();
}
