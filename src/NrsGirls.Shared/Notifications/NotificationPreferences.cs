namespace NrsGirls.Shared.Notifications;

/// <summary>One type's channels.</summary>
public sealed record ChannelChoice(bool InApp, bool Email, bool Push);

/// <summary>
/// The documented shape of <c>user_settings.notification_preferences</c>:
/// <code>{ "tip": { "inApp": true, "email": true, "push": false }, "stream_live": { "email": false }, … }</code>
/// Keys are notification types (<see cref="NotificationTypes.All"/>); each value is an object with any of
/// the three booleans; what is left out takes the default below. <c>email_notifications</c> and
/// <c>push_notifications</c> are master switches over every type. <c>inApp: false</c> mutes a type: its
/// notifications are still kept (history, exactly-once delivery) but arrive already read, so they never
/// count as unread.
/// </summary>
public static class NotificationPreferences
{
    public static readonly IReadOnlyDictionary<string, ChannelChoice> Defaults = new Dictionary<string, ChannelChoice>
    {
        [NotificationTypes.Follow] = new(true, false, false),
        [NotificationTypes.StreamLive] = new(true, false, true),
        [NotificationTypes.Tip] = new(true, true, true),
        [NotificationTypes.Subscription] = new(true, true, true),
        [NotificationTypes.PrivateShow] = new(true, true, true),
        [NotificationTypes.Payout] = new(true, true, false),
        [NotificationTypes.Report] = new(true, true, false),
        [NotificationTypes.Security] = new(true, true, false),
    };

    private static readonly string[] Channels = ["inApp", "email", "push"];

    /// <summary>Named problems with a preferences object (empty when it is valid). Null or {} is valid.</summary>
    public static Dictionary<string, string[]> Validate(JsonElement? value, string field = "notificationPreferences")
    {
        var errors = new Dictionary<string, string[]>();
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return errors;
        if (v.ValueKind != JsonValueKind.Object) { errors[field] = ["must be a JSON object keyed by notification type."]; return errors; }
        foreach (var type in v.EnumerateObject())
        {
            var path = $"{field}.{type.Name}";
            if (!Defaults.ContainsKey(type.Name))
            {
                errors[path] = [$"is not a notification type; use one of {string.Join(", ", NotificationTypes.All)}."];
                continue;
            }
            if (type.Value.ValueKind != JsonValueKind.Object)
            {
                errors[path] = ["must be an object such as {\"inApp\": true, \"email\": false, \"push\": true}."];
                continue;
            }
            foreach (var channel in type.Value.EnumerateObject())
            {
                if (!Channels.Contains(channel.Name, StringComparer.Ordinal))
                    errors[$"{path}.{channel.Name}"] = [$"is not a channel; use inApp, email or push."];
                else if (channel.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    errors[$"{path}.{channel.Name}"] = ["must be true or false."];
            }
        }
        return errors;
    }

    /// <summary>
    /// SQL that reads one channel for type <c>@type</c> from settings alias <c>s</c>, falling back to the
    /// default bound as <c>@default{Channel}</c> (booleans are stored as JSON true/false).
    /// </summary>
    public static string ChannelSql(string channel) =>
        $"coalesce((s.notification_preferences -> @type ->> '{channel}')::boolean, @default{char.ToUpperInvariant(channel[0])}{channel[1..]})";

    public static ChannelChoice DefaultFor(string type) => Defaults.TryGetValue(type, out var c) ? c : new ChannelChoice(true, false, false);
}
