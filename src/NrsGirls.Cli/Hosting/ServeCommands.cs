using Microsoft.Extensions.Logging;
using NrsGirls.LocalHost;

namespace NrsGirls.Cli.Hosting;

/// <summary>
/// `nrsgirls serve` runs the Functions app without Core Tools (HTTP on Kestrel, queue triggers, timers);
/// `nrsgirls jobs run|list` runs a timer function once, now. Both use src/NrsGirls.LocalHost.
/// </summary>
public static class ServeCommands
{
    /// <summary>The curl lines printed at start, each shown once its route is served.</summary>
    private static readonly (string Method, string Route, string Curl)[] Examples =
    [
        ("GET", "health", "curl -s {0}/health"),
        ("POST", "auth/register", "curl -s -X POST {0}/auth/register -H 'Content-Type: application/json' -d '{{\"email\":\"dev@example.com\",\"password\":\"correct-horse-battery-staple\",\"role\":\"viewer\"}}'"),
        ("GET", "streams", "curl -s '{0}/streams?status=live'"),
    ];

    private static Option<DirectoryInfo?> AppDirOption() => new("--app-dir")
    {
        Description = "The function app's build output (functions.metadata, host.json, assembly). Default: the NrsGirls.Functions build next to this tool.",
    };

    public static Command Build(CliEnvironment environment)
    {
        var port = new Option<int>("--port") { Description = "HTTP port (0 picks a free one).", DefaultValueFactory = _ => 7071 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; loopback unless you mean otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Larger request bodies are refused with 413.", DefaultValueFactory = _ => 1024 * 1024 };
        var noQueues = new Option<bool>("--no-queues") { Description = "Do not poll queue triggers." };
        var noTimers = new Option<bool>("--no-timers") { Description = "Do not fire timer functions on their schedules." };
        var hostId = new Option<string>("--host-id") { Description = "Names the timers' status blobs (azure-webjobs-hosts/timers/<host-id>/…).", DefaultValueFactory = _ => "nrsgirls-local" };
        var appDir = AppDirOption();
        var cmd = new Command("serve", "Serve the Functions app without Azure Functions Core Tools: HTTP on http://127.0.0.1:7071/api, queue triggers, timers.")
        {
            port, bind, maxBody, noQueues, noTimers, hostId, appDir,
        };
        cmd.SetAction(environment, async (ctx, ct) =>
        {
            var parse = ctx.Parse;
            var options = new LocalFunctionsHostOptions
            {
                AppDirectory = parse.GetValue(appDir)?.FullName,
                Port = parse.GetValue(port),
                BindAddress = parse.GetValue(bind)!,
                MaxRequestBodyBytes = parse.GetValue(maxBody),
                Queues = !parse.GetValue(noQueues),
                Timers = !parse.GetValue(noTimers),
                HostId = parse.GetValue(hostId)!,
                ConfigureLogging = ConsoleLogging,
            };
            return await WithHostErrors(ctx, async () =>
            {
                await using var host = await LocalFunctionsHost.StartAsync(ctx.Configuration, options, ct);
                var api = new Uri(host.BaseAddress!, host.App.Manifest.RoutePrefix).ToString().TrimEnd('/');
                ctx.Out.WriteLine($"NrsGirls API on {api} (local host; Ctrl+C stops it)");
                foreach (var f in host.App.Http.OrderBy(f => f.RouteTemplate, StringComparer.Ordinal))
                    ctx.Out.WriteLine($"  {string.Join(",", f.Methods ?? ["*"]),-12} {api}/{f.RouteTemplate}  ({f.Name})");
                foreach (var q in options.Queues ? host.App.Queues : []) ctx.Out.WriteLine($"  queue        {q.QueueName}  ({q.Name})");
                foreach (var t in options.Timers ? host.App.Timers : []) ctx.Out.WriteLine($"  timer        {t.Expression}  ({t.Name})");
                ctx.Out.WriteLine("Try:");
                foreach (var (method, route, curl) in Examples)
                    if (host.App.Http.Any(f => f.RouteTemplate == route && (f.Methods is null || f.Methods.Contains(method))))
                        ctx.Out.WriteLine("  " + string.Format(System.Globalization.CultureInfo.InvariantCulture, curl, api));
                await host.WaitForShutdownAsync(ct);
                return 0;
            });
        });
        return cmd;
    }

    public static Command BuildJobs(CliEnvironment environment)
    {
        var function = new Argument<string>("function") { Description = "The timer function's name, for example EnsureTransactionPartitions." };
        var appDir = AppDirOption();
        var run = new Command("run", "Run one timer function once, now (IsPastDue false), with the app's services; waits for a run of it in progress in this process.")
        {
            function, appDir,
        };
        run.SetAction(environment, async (ctx, ct) => await WithHostErrors(ctx, async () =>
        {
            await using var host = await LocalFunctionsHost.StartAsync(ctx.Configuration, JobsOptions(ctx.Parse.GetValue(appDir)), ct);
            var name = host.App.Timer(ctx.Parse.GetValue(function)!).Name;
            var started = DateTimeOffset.UtcNow;
            await host.RunTimerAsync(name, ct);
            ctx.Out.WriteLine($"{name} ran in {(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms.");
            return 0;
        }));

        var list = new Command("list", "List the timer functions with their schedules (UTC) and next occurrence.") { appDir };
        list.SetAction(environment, async (ctx, ct) => await WithHostErrors(ctx, async () =>
        {
            await using var host = await LocalFunctionsHost.StartAsync(ctx.Configuration, JobsOptions(ctx.Parse.GetValue(appDir)), ct);
            foreach (var t in host.App.Timers)
                ctx.Out.WriteLine($"{t.Name,-36} {t.Expression,-20} next {t.Schedule.Next(DateTimeOffset.UtcNow):u}");
            return 0;
        }));
        return new Command("jobs", "Timer functions (scheduled jobs): list them, run one now.") { run, list };
    }

    private static LocalFunctionsHostOptions JobsOptions(DirectoryInfo? appDir) => new()
    {
        AppDirectory = appDir?.FullName,
        Http = false,
        Queues = false,
        Timers = false,
        ConfigureLogging = ConsoleLogging,
    };

    private static void ConsoleLogging(ILoggingBuilder logging) =>
        CliContext.ConsoleLogging(logging
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddFilter("Azure", LogLevel.Warning));

    /// <summary>A function app the host cannot run is an expected failure: its message and exit code 2, no stack trace.</summary>
    private static async Task<int> WithHostErrors(CliContext ctx, Func<Task<int>> action)
    {
        try { return await action(); }
        catch (LocalHostException ex)
        {
            await ctx.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
