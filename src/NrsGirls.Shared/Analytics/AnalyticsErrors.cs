namespace NrsGirls.Shared.Analytics;

/// <summary>Expected failures of the activity and analytics reads.</summary>
public static class AnalyticsErrors
{
    public static readonly ServiceError Unavailable = new(ErrorKind.Unavailable, "analytics_unavailable",
        "Activity and analytics are kept in MongoDB, which is not configured here (MONGODB_URI is empty).");
    public static readonly ServiceError NotYours = new(ErrorKind.Forbidden, "analytics_forbidden",
        "Only the creator and admins may read a creator's analytics.");
}
