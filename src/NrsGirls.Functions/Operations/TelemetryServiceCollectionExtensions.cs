using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NrsGirls.Shared.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NrsGirls.Functions.Operations;

/// <summary>
/// Traces and metrics through OpenTelemetry: the Functions worker's own (invocations), Npgsql's
/// (commands, pool) and StackExchange.Redis' (commands). The exporter follows the settings:
/// APPLICATIONINSIGHTS_CONNECTION_STRING → Azure Monitor; else OTEL_EXPORTER_OTLP_ENDPOINT → OTLP;
/// else the console when NRSGIRLS_OTEL_CONSOLE=true; else nothing is collected at all.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "nrsgirls-functions";

    public enum Exporter { None, AzureMonitor, Otlp, Console }

    public static Exporter Choose(TelemetryOptions o) =>
        o.AppInsightsConnectionString is not null ? Exporter.AzureMonitor
        : o.OtlpEndpoint is not null ? Exporter.Otlp
        : o.Console ? Exporter.Console
        : Exporter.None;

    public static IServiceCollection AddNrsGirlsTelemetry(this IServiceCollection services, TelemetryOptions o)
    {
        var exporter = Choose(o);
        if (exporter == Exporter.None) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .UseFunctionsWorkerDefaults()
            .WithTracing(t =>
            {
                t.AddNpgsql().AddRedisInstrumentation();
                _ = exporter switch
                {
                    Exporter.AzureMonitor => t.AddAzureMonitorTraceExporter(a => a.ConnectionString = o.AppInsightsConnectionString),
                    Exporter.Otlp => t.AddOtlpExporter(x => x.Endpoint = new Uri(o.OtlpEndpoint!)),
                    _ => t.AddConsoleExporter(),
                };
            })
            .WithMetrics(m =>
            {
                m.AddNpgsqlInstrumentation();
                _ = exporter switch
                {
                    Exporter.AzureMonitor => m.AddAzureMonitorMetricExporter(a => a.ConnectionString = o.AppInsightsConnectionString),
                    Exporter.Otlp => m.AddOtlpExporter(x => x.Endpoint = new Uri(o.OtlpEndpoint!)),
                    _ => m.AddConsoleExporter(),
                };
            });
        return services;
    }
}
