using System.Net;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using NrsGirls.Functions;

namespace NrsGirls.LocalHost;

public sealed class LocalFunctionsHostOptions
{
    /// <summary>The function app's build output (functions.metadata, host.json, its assembly); the production app when null.</summary>
    public string? AppDirectory { get; set; }
    /// <summary>Address Kestrel binds: loopback unless asked otherwise.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
    /// <summary>7071 like Core Tools; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 7071;
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public bool Http { get; set; } = true;
    public bool Queues { get; set; } = true;
    public bool Timers { get; set; } = true;
    /// <summary>Names the timers' schedule status blobs, as a Function App's host id does.</summary>
    public string HostId { get; set; } = "nrsgirls-local";
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
    /// <summary>The app's services; production's one DI entry point unless replaced.</summary>
    public Action<IServiceCollection, IConfiguration> ConfigureServices { get; set; } = (s, c) => s.AddNrsGirlsFunctions(c);
}

/// <summary>
/// Runs a Functions isolated-worker app without the Azure Functions host or Core Tools: its HTTP
/// functions on Kestrel, its queue triggers polling the storage account, its timers on their
/// schedules, all from the app's own functions.metadata and host.json, with function classes
/// activated from the app's own DI registrations. Development and CI tooling: see the README, "Running the Functions app"
/// for what differs from the Azure host.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly IHost _host;

    private LocalFunctionsHost(IHost host, FunctionApp app, Uri? baseAddress)
    {
        _host = host;
        App = app;
        BaseAddress = baseAddress;
    }

    public FunctionApp App { get; }
    /// <summary>http://address:port/ when HTTP is served.</summary>
    public Uri? BaseAddress { get; }
    public IServiceProvider Services => _host.Services;
    public InvocationLog Invocations => Services.GetRequiredService<InvocationLog>();

    /// <summary>Loads the app, checks every function, and starts serving; throws <see cref="LocalHostException"/> on a bad app.</summary>
    public static async Task<LocalFunctionsHost> StartAsync(IConfiguration configuration, LocalFunctionsHostOptions options, CancellationToken ct = default)
    {
        var app = FunctionApp.Load(configuration, options.AppDirectory);
        IHost host;
        Uri? baseAddress = null;
        if (options.Http)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = [],
                ContentRootPath = app.Manifest.Directory,
                ApplicationName = typeof(LocalFunctionsHost).Assembly.GetName().Name,
            });
            // The app's settings only (local.settings.json values, environment): no appsettings.json or ASPNETCORE_URLS.
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddConfiguration(configuration);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                // Kestrel's own rejections (414, 431, bad bytes) become problem+json on the way out.
                if (options.BindAddress == "localhost") k.ListenLocalhost(options.Port, KestrelRejections.Use);
                else if (IPAddress.TryParse(options.BindAddress, out var ip)) k.Listen(ip, options.Port, KestrelRejections.Use);
                else throw new LocalHostException($"Bind address '{options.BindAddress}' is neither an IP address nor localhost.");
            });
            AddServices(builder.Services, builder.Logging, configuration, options, app);
            var web = builder.Build();
            HttpFunctionEndpoints.Map(web, app, options.MaxRequestBodyBytes);
            host = web;
        }
        else
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = app.Manifest.Directory });
            builder.Configuration.AddConfiguration(configuration);
            AddServices(builder.Services, builder.Logging, configuration, options, app);
            host = builder.Build();
        }

        try
        {
            await host.StartAsync(ct);
            if (options.Http)
            {
                var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new LocalFunctionsHost(host, app, baseAddress);
    }

    private static void AddServices(IServiceCollection services, ILoggingBuilder logging, IConfiguration configuration,
        LocalFunctionsHostOptions options, FunctionApp app)
    {
        logging.ClearProviders();
        options.ConfigureLogging?.Invoke(logging);
        options.ConfigureServices(services, configuration);
        // What the worker's ASP.NET Core integration provides to results: JSON options, and MVC's
        // executors for IActionResult (ObjectResult needs its output formatters).
        services.AddMvcCore();
        services.AddSingleton(app);
        services.AddSingleton<InvocationLog>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TimerRunner>(sp, options.HostId));
        services.AddSingleton(sp => new TimerStatusStore(sp.GetRequiredService<BlobServiceClient>(), options.HostId));
        if (options.Queues && app.Queues.Count > 0) services.AddHostedService<QueueListener>();
        if (options.Timers && app.Timers.Count > 0) services.AddHostedService<TimerScheduler>();
    }

    /// <summary>Names of the functions this host serves over HTTP, as registered with routing.</summary>
    public IReadOnlyList<string> ServedHttpFunctions() =>
        Services.GetService<EndpointDataSource>() is { } endpoints
            ? endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<HostedFunctionMetadata>()?.Function).OfType<string>().ToList()
            : [];

    /// <summary>Names of the queue functions being polled and the timers being scheduled.</summary>
    public IReadOnlyList<string> ListenedQueueFunctions() =>
        Services.GetServices<IHostedService>().OfType<QueueListener>().Any() ? App.Queues.Select(q => q.Name).ToList() : [];

    public IReadOnlyList<string> ScheduledTimerFunctions() =>
        Services.GetServices<IHostedService>().OfType<TimerScheduler>().Any() ? App.Timers.Select(t => t.Name).ToList() : [];

    /// <summary>Runs one timer function once, now (not past due), waiting for a run of it in progress to end first.</summary>
    public Task RunTimerAsync(string function, CancellationToken ct = default)
    {
        var timer = App.Timer(function);
        return Services.GetRequiredService<TimerRunner>().RunAsync(timer, new TimerInfo { IsPastDue = false }, "run by hand", ct);
    }

    public Task WaitForShutdownAsync(CancellationToken ct) => _host.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try { await _host.StopAsync(TimeSpan.FromSeconds(10)); }
        finally
        {
            if (_host is IAsyncDisposable a) await a.DisposeAsync();
            else _host.Dispose();
        }
    }
}
