namespace NrsGirls.Shared.Notifications;

/// <summary>The notifications feature's expected failures.</summary>
public static class NotificationErrors
{
    public static readonly ServiceError NotFound = new(ErrorKind.NotFound, "notification_not_found", "The notification was not found.");
}
