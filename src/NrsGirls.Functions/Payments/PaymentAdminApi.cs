using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Payments;
using NrsGirls.Shared.Security;

namespace NrsGirls.Functions.Payments;

public sealed record RefundBody(string? Reason);

/// <summary>Admin money operations: refunds and lifting a payer's restriction after a dispute.</summary>
public sealed class PaymentAdminApi(RefundService refunds, PaymentRestrictions restrictions, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RefundTransaction))]
    public async Task<IResult> RefundTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/transactions/{id:guid}/refund")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } forbidden) return forbidden;
        var body = await JsonBody.ReadAsync<RefundBody>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await refunds.RefundAsync(who.Caller, id, body.Value.Reason, ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(LiftPaymentRestriction))]
    public async Task<IResult> LiftPaymentRestriction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/users/{id:guid}/payment-restriction")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        if (RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } forbidden) return forbidden;
        var outcome = await restrictions.LiftAsync(who.Caller, id, ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }
}
