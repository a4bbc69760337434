namespace NrsGirls.Shared.Streams;

public static class StreamsServiceCollectionExtensions
{
    /// <summary>Streams and live viewers; called once from AddNrsGirlsShared.</summary>
    public static IServiceCollection AddStreams(this IServiceCollection services)
    {
        services.AddSingleton<StreamsStore>();
        services.AddSingleton<LiveViewers>();
        services.AddSingleton<StreamQueries>();
        services.AddSingleton<StreamLifecycle>();
        services.AddSingleton<ViewerService>();
        return services;
    }
}
