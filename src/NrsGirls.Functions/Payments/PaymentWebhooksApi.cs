using System.Text;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>POST webhooks/payments/{provider}: anonymous, the provider's signature is the credential.</summary>
public sealed class PaymentWebhooksApi(PaymentWebhooks webhooks)
{
    public const int MaxBodyBytes = 256 * 1024;
    public const string SignatureHeader = "Stripe-Signature";

    [Function(nameof(PaymentWebhook))]
    public async Task<IResult> PaymentWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/payments/{provider:alpha:maxlength(20)}")] HttpRequest request,
        string provider, CancellationToken ct)
    {
        // The signature covers the exact bytes: read them as sent, capped.
        using var buffer = await JsonBody.ReadCappedAsync(request, MaxBodyBytes, ct);
        if (buffer is null) return Problems.PayloadTooLarge(MaxBodyBytes);
        var payload = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return (await webhooks.HandleAsync(provider, payload, request.Headers[SignatureHeader].ToString(), ct)).ToResult();
    }
}
