namespace NrsGirls.Shared.Notifications;

/// <summary>
/// Turns a fact event of the outbox (one recipient, the facts in its payload: the ledger writes
/// "tip.completed", "tip.failed", "tip.refunded" and the same for private shows and subscriptions, in the
/// very statement that moves the money) into the notification its recipient reads.
/// </summary>
public static class NotificationRenderer
{
    public static NotificationEvent Render(string eventType, string dedupeKey, Guid recipient, string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var p = doc.RootElement;
        string Get(string name) => p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number ? v.GetDecimal().ToString("0.00", CultureInfo.InvariantCulture) : v.ToString()
            : "";
        var dot = eventType.IndexOf('.', StringComparison.Ordinal);
        var subject = dot < 0 ? eventType : eventType[..dot];
        var verb = dot < 0 ? "" : eventType[(dot + 1)..];
        var type = subject switch
        {
            "tip" => NotificationTypes.Tip,
            "private_show" => NotificationTypes.PrivateShow,
            "subscription" => NotificationTypes.Subscription,
            "payout" => NotificationTypes.Payout,
            _ => NotificationTypes.Security,
        };
        var what = subject.Replace('_', ' ');
        var amount = $"{Get("amount")} {Get("currency")}".Trim();
        var (title, message) = verb switch
        {
            "completed" when subject == "tip" => ("You received a tip",
                $"A tip of {amount} arrived ({Get("netAmount")} {Get("currency")} after fees)." +
                (Get("message") is { Length: > 0 } note ? $" \"{note}\"" : "")),
            "completed" => ($"A {what} was paid", $"A {what} payment of {amount} went through."),
            "failed" => ($"Your {what} did not go through", $"The payment of {amount} was declined ({Get("reason")})."),
            "refunded" => ($"A {what} was refunded", $"{amount} was refunded ({Get("reason")})."),
            _ => ($"Update on a {what}", $"Your {what} of {amount} changed: {verb}."),
        };
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["event"] = eventType };
        foreach (var prop in p.EnumerateObject())
            if (prop.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)) data[prop.Name] = Get(prop.Name);
        var link = p.TryGetProperty("transactionId", out var tx) ? $"/me/transactions/{tx}" : null;
        return new NotificationEvent(type, dedupeKey, NotificationAudience.To(recipient), title, message, link, data);
    }
}
