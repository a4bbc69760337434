using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NrsGirls.Shared;

namespace NrsGirls.Cli;

/// <summary>
/// What the tool runs against, passed in rather than read from globals: its configuration (built on
/// first use) and standard input. <see cref="Process"/> is the real one; tests pass their own, so any
/// number of command runs can share one process.
/// </summary>
public sealed class CliEnvironment(Func<IConfiguration> configuration, TextReader input)
{
    private readonly Lazy<IConfiguration> _configuration = new(configuration);

    public IConfiguration Configuration => _configuration.Value;
    public TextReader Input { get; } = input;

    /// <summary>local.settings.json overridden by the environment, and the console's standard input.</summary>
    public static CliEnvironment Process() => new(() => CliConfiguration.Build(), Console.In);
}

/// <summary>
/// One command's run: the settings it asks for (one concern at a time, so `db migrate` needs only
/// PostgreSQL), the invocation's Output and Error writers, and, for commands that run the app's own
/// services, the one DI entry point (which validates every setting).
/// </summary>
public sealed class CliContext(CliEnvironment environment, ParseResult parse) : IAsyncDisposable
{
    private ServiceProvider? _services;
    private ILoggerFactory? _logging;

    public ParseResult Parse => parse;
    public IConfiguration Configuration => environment.Configuration;
    public TextReader In => environment.Input;
    public TextWriter Out => parse.InvocationConfiguration.Output;
    public TextWriter Error => parse.InvocationConfiguration.Error;

    /// <summary>The settings of the concerns a command uses, validated now; a problem names its setting.</summary>
    public T Settings<T>(SettingsBinder.Binder<T> binder) => SettingsBinder.Only(Configuration, binder);

    public PostgresOptions Postgres => Settings(SettingsBinder.BindPostgres);

    /// <summary>The app's services (AddNrsGirlsShared): every setting the app needs must be valid.</summary>
    public IServiceProvider AppServices
    {
        get
        {
            if (_services is not null) return _services;
            var services = new ServiceCollection();
            services.AddLogging(ConsoleLogging);
            services.AddNrsGirlsShared(Configuration);
            return _services = services.BuildServiceProvider();
        }
    }

    public ILogger Logger => (_logging ??= LoggerFactory.Create(ConsoleLogging)).CreateLogger("nrsgirls");

    /// <summary>Progress logs (not a command's output) go to the console, on one line each.</summary>
    public static void ConsoleLogging(ILoggingBuilder logging) =>
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Information).AddFilter("Npgsql", LogLevel.Warning);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        _logging?.Dispose();
    }
}

public static class CliActions
{
    /// <summary>Sets a command's action to run with a <see cref="CliContext"/>, disposed when it ends.</summary>
    public static void SetAction(this Command command, CliEnvironment environment, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            await using var ctx = new CliContext(environment, parse);
            return await action(ctx, ct);
        });
}
