using System.Security.Cryptography;

namespace NrsGirls.Shared.Payments;

/// <summary>
/// Stripe's webhook signature scheme, used by the simulated gateway so that its webhooks take the real
/// path: header <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.payload")&gt;</c>, refused when
/// older (or newer) than <see cref="ToleranceSeconds"/>. Also reads an event's JSON in Stripe's shape.
/// </summary>
public static class WebhookSignature
{
    public const int ToleranceSeconds = 300;

    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hmac(secret, t + "." + payload)}";
    }

    /// <summary>True when one v1 signature matches and the timestamp is within the tolerance of <paramref name="now"/>.</summary>
    public static bool Verify(string payload, string? header, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header)) return false;
        string? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var (k, v) = (part[..eq], part[(eq + 1)..]);
            if (k == "t") t = v;
            else if (k == "v1") signatures.Add(v);
        }
        if (t is null || signatures.Count == 0 || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > ToleranceSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Hmac(secret, t + "." + payload));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    /// <summary>Reads id, type and the payment ids of a Stripe-shaped event; null when the JSON is not such an event.</summary>
    public static PaymentWebhookEvent? Read(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "id") is not { } id || Str(root, "type") is not { } type) return null;
            string? paymentId = null, chargeId = null;
            var fullyRefunded = false;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                data.TryGetProperty("object", out var obj) && obj.ValueKind == JsonValueKind.Object)
            {
                paymentId = Str(obj, "payment_intent");
                chargeId = Str(obj, "object") == "charge" ? Str(obj, "id") : Str(obj, "charge");
                fullyRefunded = obj.TryGetProperty("refunded", out var r) && r.ValueKind == JsonValueKind.True;
            }
            return new PaymentWebhookEvent(id, type, paymentId, chargeId, fullyRefunded);
        }
        catch (JsonException) { return null; }
    }

    /// <summary>An event in Stripe's shape (charge.refunded: a charge object; charge.dispute.*: a dispute object).</summary>
    public static string EventJson(string eventId, string type, string paymentId, string chargeId, bool refunded = true) =>
        JsonSerializer.Serialize(new
        {
            id = eventId,
            @object = "event",
            type,
            data = new
            {
                @object = type.StartsWith("charge.dispute.", StringComparison.Ordinal)
                    ? (object)new { id = "dp_" + eventId, @object = "dispute", charge = chargeId, payment_intent = paymentId, reason = "fraudulent" }
                    : new { id = chargeId, @object = "charge", payment_intent = paymentId, refunded },
            },
        });

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Hmac(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
}
