namespace NrsGirls.Shared.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>Chat and chat moderation; called once from AddNrsGirlsShared (after AddStreams).</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton<ChatStore>();
        services.AddSingleton<ChatGate>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<ChatModeration>();
        services.AddSingleton<ModeratorService>();
        return services;
    }
}
