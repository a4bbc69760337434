namespace NrsGirls.Shared.Payments;

/// <summary>Error codes of the money feature (tips, private shows, refunds, webhooks, earnings).</summary>
public static class PaymentErrors
{
    public static readonly ServiceError SelfTip = new(ErrorKind.BadRequest, "cannot_pay_yourself", "You cannot pay your own creator profile.");
    public static readonly ServiceError Restricted = new(ErrorKind.Forbidden, "payments_restricted",
        "Payments from this account are suspended after a dispute; contact support.");
    public static readonly ServiceError TransactionNotFound = new(ErrorKind.NotFound, "transaction_not_found", "The transaction was not found.");
    public static readonly ServiceError AlreadyRefunded = new(ErrorKind.Conflict, "transaction_already_refunded", "The transaction was already refunded.");
    public static readonly ServiceError NotRefundable = new(ErrorKind.Conflict, "transaction_not_refundable",
        "Only completed payments can be refunded; this one is not completed.");
    public static readonly ServiceError UnknownProvider = new(ErrorKind.NotFound, "payment_provider_not_found", "No such payment provider.");
    public static readonly ServiceError BadSignature = new(ErrorKind.BadRequest, "webhook_signature_invalid",
        "The webhook signature is missing, wrong or too old.");
    public static readonly ServiceError RestrictionNotFound = new(ErrorKind.NotFound, "payment_restriction_not_found", "This user has no payment restriction.");
    public static readonly ServiceError GatewayUnavailable = new(ErrorKind.Unavailable, "payment_provider_unavailable",
        "The payment provider is unavailable; try again shortly.");

    // Private shows.
    public static readonly ServiceError ShowsNotOffered = new(ErrorKind.Conflict, "private_shows_not_offered", "This creator does not take private-show bookings.");
    public static readonly ServiceError ShowNotFound = new(ErrorKind.NotFound, "private_show_not_found", "The private show was not found.");
    public static readonly ServiceError ShowWrongState = new(ErrorKind.Conflict, "private_show_wrong_state", "The private show is not in a state that allows this.");
    public static readonly ServiceError ShowOverlaps = new(ErrorKind.Conflict, "private_show_overlaps", "The creator already has an accepted show at that time.");
    public static readonly ServiceError ShowNotPaid = new(ErrorKind.Conflict, "private_show_not_paid", "The show's payment has not completed; it cannot be accepted yet.");
}
