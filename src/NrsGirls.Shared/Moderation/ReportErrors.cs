namespace NrsGirls.Shared.Moderation;

/// <summary>The reports feature's error codes; docs/creators.md lists them.</summary>
public static class ReportErrors
{
    public static readonly ServiceError CannotReportSelf =
        new(ErrorKind.BadRequest, "cannot_report_self", "You cannot report yourself, your own stream or your own message.");
    public static readonly ServiceError AlreadyOpen =
        new(ErrorKind.Conflict, "report_already_open", "You already have an open report on this; it is being handled.");
    public static readonly ServiceError NotFound =
        new(ErrorKind.NotFound, "report_not_found", "The report was not found.");
    public static readonly ServiceError ReportedUserNotFound =
        new(ErrorKind.NotFound, "reported_user_not_found", "The reported user was not found.");
    public static readonly ServiceError ReportedStreamNotFound =
        new(ErrorKind.NotFound, "reported_stream_not_found", "The reported stream was not found.");
    public static readonly ServiceError ReportedMessageNotFound =
        new(ErrorKind.NotFound, "reported_message_not_found", "The reported chat message was not found.");

    /// <summary>409 naming the report's current status and what it may move to.</summary>
    public static ServiceError TransitionNotAllowed(string current, string wanted) =>
        new(ErrorKind.Conflict, "report_transition_not_allowed",
            $"The report is {current}; it cannot move to {wanted} (pending → reviewing → resolved | dismissed).");
}
