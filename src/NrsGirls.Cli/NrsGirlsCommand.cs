using System.CommandLine;
using NrsGirls.Shared.Configuration;

namespace NrsGirls.Cli;

/// <summary>The `nrsgirls` command tree. Each feature adds its commands in its own file.</summary>
public static class NrsGirlsCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("NrsGirls backend operations: database, local services, jobs.");
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Build().Parse(args).InvokeAsync();
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
