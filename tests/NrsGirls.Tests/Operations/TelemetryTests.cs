using NrsGirls.Functions.Operations;
using OpenTelemetry.Trace;
using static NrsGirls.Functions.Operations.TelemetryServiceCollectionExtensions;

namespace NrsGirls.Tests.Operations;

public class TelemetryTests
{
    [Fact]
    public void The_exporter_is_application_insights_then_otlp_then_console_when_enabled_else_none()
    {
        Assert.Equal(Exporter.AzureMonitor, Choose(new TelemetryOptions { AppInsightsConnectionString = "InstrumentationKey=x", OtlpEndpoint = "http://localhost:4317", Console = true }));
        Assert.Equal(Exporter.Otlp, Choose(new TelemetryOptions { OtlpEndpoint = "http://localhost:4317", Console = true }));
        Assert.Equal(Exporter.Console, Choose(new TelemetryOptions { Console = true }));
        Assert.Equal(Exporter.None, Choose(new TelemetryOptions()));
    }

    [Fact]
    public void Without_an_exporter_nothing_is_registered_and_with_one_a_tracer_provider_is()
    {
        var none = new ServiceCollection().AddNrsGirlsTelemetry(new TelemetryOptions());
        Assert.DoesNotContain(none, d => d.ServiceType == typeof(TracerProvider));

        using var sp = new ServiceCollection().AddLogging().AddNrsGirlsTelemetry(new TelemetryOptions { OtlpEndpoint = "http://127.0.0.1:1" }).BuildServiceProvider();
        Assert.NotNull(sp.GetService<TracerProvider>());
    }

    [Fact]
    public void A_malformed_otlp_endpoint_is_a_named_configuration_error()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.OtlpEndpoint] = "not a uri",
        }).Build();
        var ex = Assert.Throws<ConfigurationException>(() => SettingsBinder.Bind(config));
        Assert.Contains(ex.Problems, p => p.StartsWith(SettingNames.OtlpEndpoint, StringComparison.Ordinal));
    }
}
