using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NrsGirls.Shared;
using NrsGirls.Shared.Configuration;

namespace NrsGirls.Cli;

/// <summary>What a command needs: configuration, options and services from the one DI entry point.</summary>
public sealed class CliContext : IAsyncDisposable
{
    private CliContext(IConfiguration configuration, ServiceProvider services)
    {
        Configuration = configuration;
        Services = services;
        Options = services.GetRequiredService<NrsGirlsOptions>();
    }

    public IConfiguration Configuration { get; }
    public ServiceProvider Services { get; }
    public NrsGirlsOptions Options { get; }
    public ILogger Logger => Services.GetRequiredService<ILoggerFactory>().CreateLogger("nrsgirls");

    /// <summary>Tests set this to run commands against their own services.</summary>
    public static Func<IConfiguration>? ConfigurationOverride { get; set; }

    public static CliContext Create()
    {
        var configuration = ConfigurationOverride?.Invoke() ?? CliConfiguration.Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Information).AddFilter("Npgsql", LogLevel.Warning));
        services.AddNrsGirlsShared(configuration);
        return new CliContext(configuration, services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
