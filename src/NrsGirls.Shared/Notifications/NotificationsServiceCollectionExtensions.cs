using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NrsGirls.Shared.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Outbox dispatch, fan-out, delivery seams, the inbox and retention; called once from AddNrsGirlsShared.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<Configuration.NrsGirlsOptions>().Notifications);
        // The outer seam: a real provider (or a test double) registered first wins.
        services.TryAddSingleton<IPushSender, LoggingPushSender>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<NotificationDelivery>();
        services.AddSingleton<NotificationProcessor>();
        services.AddSingleton<NotificationInbox>();
        services.AddSingleton<NotificationRetention>();
        return services;
    }
}
