using Microsoft.AspNetCore.Routing.Patterns;
using NCrontab;

namespace NrsGirls.LocalHost;

public sealed record HttpFunction(FunctionInvoker Invoker, string RouteTemplate, IReadOnlyList<string>? Methods, string AuthLevel)
{
    public string Name => Invoker.Definition.Name;
}

public sealed record QueueFunction(FunctionInvoker Invoker, string QueueName)
{
    public string Name => Invoker.Definition.Name;
}

public sealed record TimerFunction(FunctionInvoker Invoker, string Expression, TimerSchedule Schedule, bool RunOnStartup, bool UseMonitor)
{
    public string Name => Invoker.Definition.Name;
}

/// <summary>
/// A six-field CRON expression (seconds first, as the Functions host reads them) or a fixed interval
/// (hh:mm:ss), evaluated in UTC, which is the Functions host's default time zone.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan? interval) => (_cron, _interval) = (cron, interval);

    public static TimerSchedule Parse(string expression, string function)
    {
        var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (cron is not null) return new TimerSchedule(cron, null);
        if (TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
            return new TimerSchedule(null, interval);
        throw new LocalHostException($"Function {function}: schedule '{expression}' is neither a six-field CRON expression " +
                                     "(second minute hour day month day-of-week) nor an interval like 00:05:00.");
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after) => _cron is not null
        ? new DateTimeOffset(_cron.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero)
        : after + _interval!.Value;
}

/// <summary>
/// A function app resolved against configuration: every function of its functions.metadata, sorted by
/// trigger, with its method found, its parameters checked and its %setting% references resolved.
/// Everything wrong is reported at once, before anything listens.
/// </summary>
public sealed class FunctionApp
{
    private FunctionApp(FunctionManifest manifest, List<HttpFunction> http, List<QueueFunction> queues, List<TimerFunction> timers)
    {
        Manifest = manifest;
        Http = http;
        Queues = queues;
        Timers = timers;
    }

    public FunctionManifest Manifest { get; }
    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<QueueFunction> Queues { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }

    public static FunctionApp Load(IConfiguration configuration, string? directory = null)
    {
        var manifest = FunctionManifest.Load(directory);
        var problems = new List<string>();
        var (http, queues, timers) = (new List<HttpFunction>(), new List<QueueFunction>(), new List<TimerFunction>());
        foreach (var f in manifest.Functions)
        {
            try
            {
                var trigger = f.Trigger;
                switch (trigger.Type.ToLowerInvariant())
                {
                    case "httptrigger":
                        var route = (trigger.String("route") ?? f.Name).Trim('/');
                        var pattern = RoutePatternFactory.Parse(route);
                        var invoker = FunctionInvoker.Create(f, manifest.Directory, pattern.Parameters.Select(p => p.Name).ToList());
                        if (invoker.ResultType != typeof(void) && !typeof(Microsoft.AspNetCore.Http.IResult).IsAssignableFrom(invoker.ResultType) &&
                            !typeof(Microsoft.AspNetCore.Mvc.IActionResult).IsAssignableFrom(invoker.ResultType))
                            throw new LocalHostException($"Function {f.Name}: returns {invoker.ResultType.Name}; HTTP functions return IResult or IActionResult (or a Task of one).");
                        http.Add(new HttpFunction(
                            invoker,
                            route,
                            trigger.Strings("methods")?.Select(m => m.ToUpperInvariant()).ToList(),
                            trigger.String("authLevel") ?? "Function"));
                        break;
                    case "queuetrigger":
                        if (trigger.String("connection") is { Length: > 0 } connection && connection != "AzureWebJobsStorage")
                            throw new LocalHostException($"Function {f.Name}: queue connection '{connection}' is not supported; the local host polls AzureWebJobsStorage.");
                        var queue = FunctionManifest.ResolveSettings(trigger.String("queueName") ?? "", configuration, f.Name, "queueName");
                        queues.Add(new QueueFunction(FunctionInvoker.Create(f, manifest.Directory, []), queue.ToLowerInvariant()));
                        break;
                    case "timertrigger":
                        var expression = FunctionManifest.ResolveSettings(trigger.String("schedule") ?? "", configuration, f.Name, "schedule");
                        var schedule = TimerSchedule.Parse(expression, f.Name);
                        timers.Add(new TimerFunction(FunctionInvoker.Create(f, manifest.Directory, []), expression, schedule,
                            trigger.Bool("runOnStartup") ?? false, trigger.Bool("useMonitor") ?? true));
                        break;
                    default:
                        throw new LocalHostException($"Function {f.Name}: {trigger.Type} triggers are not supported by the local host (http, queue and timer are).");
                }
            }
            catch (LocalHostException ex) { problems.Add(ex.Message); }
            catch (Exception ex) when (ex is RoutePatternException or FileNotFoundException or BadImageFormatException)
            {
                problems.Add($"Function {f.Name}: {ex.Message}");
            }
        }
        if (problems.Count > 0)
            throw new LocalHostException($"The function app in {manifest.Directory} cannot be hosted locally:\n  - " + string.Join("\n  - ", problems));
        return new FunctionApp(manifest, http, queues, timers);
    }

    public TimerFunction Timer(string name) =>
        Timers.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new LocalHostException($"There is no timer function '{name}'. Timer functions: " +
                                        (Timers.Count == 0 ? "none" : string.Join(", ", Timers.Select(t => t.Name))) + ".");
}
