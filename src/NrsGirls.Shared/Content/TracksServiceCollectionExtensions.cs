using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Shared.Content;

public static class TracksServiceCollectionExtensions
{
    /// <summary>Tracks: store, blobs and queue, uploads, reads and edits, plays and likes, the scan job; called once from AddNrsGirlsShared.</summary>
    public static IServiceCollection AddTracks(this IServiceCollection services)
    {
        services.AddSingleton<TrackStore>();
        services.AddSingleton<TrackBlobs>();
        services.AddSingleton<TrackScanQueue>();
        services.AddSingleton<TrackScanner>();
        services.AddSingleton<TrackUploads>();
        services.AddSingleton<TrackService>();
        services.AddSingleton<TrackEngagement>();
        services.AddSingleton<TrackScanJob>();
        return services;
    }
}
