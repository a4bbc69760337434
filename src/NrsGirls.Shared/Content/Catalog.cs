namespace NrsGirls.Shared.Content;

/// <summary>
/// The platform's genres (tracks, DJ profiles) and stream categories. The seed keeps them as free text
/// columns (tracks.genre, streams.category, dj_profiles.genres); these lists are what the seed data, the
/// search filters and the clients offer.
/// </summary>
public static class Catalog
{
    public static readonly IReadOnlyList<string> Genres =
    [
        "house", "techno", "deep-house", "tech-house", "trance", "drum-and-bass", "dubstep", "hip-hop",
        "afrobeats", "amapiano", "disco", "electro", "ambient", "pop", "r-and-b", "latin",
    ];

    public static readonly IReadOnlyList<string> StreamCategories =
    [
        "dj-set", "live-performance", "dance", "music-production", "talk-show", "workshop", "fitness", "just-chatting",
    ];
}
