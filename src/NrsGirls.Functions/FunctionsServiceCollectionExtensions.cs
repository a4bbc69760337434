using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NrsGirls.Functions.Operations;

namespace NrsGirls.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Everything the function classes need: the Shared services plus the HTTP helpers (the one
    /// <see cref="RequestAuth"/>). Used by the worker wiring below, by the local host and by the tests,
    /// so all of them run the same registrations. A feature's Shared services are registered by
    /// AddNrsGirlsShared; nothing here is feature-specific.
    /// </summary>
    public static IServiceCollection AddNrsGirlsFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNrsGirlsShared(configuration);
        services.AddSingleton<RequestAuth>();
        // IResult responses (TypedResults.Ok, Json, Problem) serialize with the API's one JSON context.
        services.ConfigureHttpJsonOptions(o => NrsGirlsJson.Configure(o.SerializerOptions));
        return services;
    }

    /// <summary>
    /// The whole worker wiring: ASP.NET Core integration, the response defaults (nosniff), the one catch-all
    /// middleware and the services.
    /// The app's Program.cs and the test function app both call this, so they cannot drift apart.
    /// </summary>
    public static FunctionsApplicationBuilder UseNrsGirlsWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ResponseDefaultsMiddleware>();
        builder.UseMiddleware<UnexpectedExceptionMiddleware>();
        builder.Services.AddNrsGirlsFunctions(builder.Configuration);

        // Operations: OpenTelemetry traces and metrics, exporter chosen by settings (see the method).
        builder.Services.AddNrsGirlsTelemetry(Shared.Configuration.SettingsBinder.Only(builder.Configuration, Shared.Configuration.SettingsBinder.BindTelemetry));
        return builder;
    }
}
