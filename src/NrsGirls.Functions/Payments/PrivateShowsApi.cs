using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>Private shows: terms, booking (charged up front, idempotent), accept/decline/cancel, and the settling timer.</summary>
public sealed class PrivateShowsApi(PrivateShowService shows, PrivateShowLifecycle lifecycle, RequestAuth auth, ILogger<PrivateShowsApi> logger)
{
    [Function(nameof(SetPrivateShowSettings))]
    public Task<IResult> SetPrivateShowSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "creators/{id:guid}/private-show-settings")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<PrivateShowSettingsRequest>(JsonBody.SmallMaxBytes, ct),
            (who, body, client) => shows.SetSettingsAsync(who, id, body, client, ct));

    /// <summary>Needs an Idempotency-Key header, like tips.</summary>
    [Function(nameof(BookPrivateShow))]
    public Task<IResult> BookPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/private-shows")] HttpRequest request, Guid id,
        CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<BookShowRequest>(JsonBody.SmallMaxBytes, ct),
            (who, body, client) => shows.BookAsync(who, id, PaymentResults.Key(request), body, client, ct), PaymentResults.Stored);

    [Function(nameof(GetPrivateShow))]
    public Task<IResult> GetPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "private-shows/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => lifecycle.GetAsync(who, id, ct));

    [Function(nameof(AcceptPrivateShow))]
    public Task<IResult> AcceptPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/accept")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => lifecycle.AcceptAsync(who, id, ct));

    [Function(nameof(DeclinePrivateShow))]
    public Task<IResult> DeclinePrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/decline")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => lifecycle.DeclineAsync(who, id, ct));

    [Function(nameof(CancelPrivateShow))]
    public Task<IResult> CancelPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/cancel")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, (who, _) => lifecycle.CancelAsync(who, id, ct));

    /// <summary>Every minute: unanswered shows expire at their start (refunded), accepted ones complete at their end.</summary>
    [Function(nameof(SettlePrivateShows))]
    public async Task SettlePrivateShows([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var changed = await lifecycle.SettleAsync(ct);
        if (changed > 0) logger.LogInformation("Private shows settled: {Changed}", changed);
    }
}
