using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

public sealed record RefundBody(string? Reason);

/// <summary>Admin money operations: refunds and lifting a payer's restriction after a dispute.</summary>
public sealed class PaymentAdminApi(RefundService refunds, PaymentRestrictions restrictions, RequestAuth auth)
{
    [Function(nameof(RefundTransaction))]
    public Task<IResult> RefundTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/transactions/{id:guid}/refund")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.Admin(request, JsonBody.Of<RefundBody>(JsonBody.SmallMaxBytes, ct), (who, body, _) => refunds.RefundAsync(who, id, body.Reason, ct));

    [Function(nameof(LiftPaymentRestriction))]
    public Task<IResult> LiftPaymentRestriction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/users/{id:guid}/payment-restriction")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.Admin(request, (who, _) => restrictions.LiftAsync(who, id, ct), OutcomeResults.NoContent);
}
