using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Payments;

namespace NrsGirls.Functions.Payments;

/// <summary>Private shows: terms, booking (charged up front, idempotent), accept/decline/cancel, and the settling timer.</summary>
public sealed class PrivateShowsApi(PrivateShowService shows, PrivateShowLifecycle lifecycle, RequestAuth auth, ILogger<PrivateShowsApi> logger)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(SetPrivateShowSettings))]
    public async Task<IResult> SetPrivateShowSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "creators/{id:guid}/private-show-settings")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<PrivateShowSettingsRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await shows.SetSettingsAsync(who.Caller, id, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Needs an Idempotency-Key header, like tips.</summary>
    [Function(nameof(BookPrivateShow))]
    public async Task<IResult> BookPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/private-shows")] HttpRequest request, Guid id,
        CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<BookShowRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        return PaymentResults.From(await shows.BookAsync(who.Caller, id, PaymentResults.Key(request), body.Value, auth.Client(request), ct));
    }

    [Function(nameof(GetPrivateShow))]
    public async Task<IResult> GetPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "private-shows/{id:guid}")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        return (await lifecycle.GetAsync(who.Caller, id, ct)).ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(AcceptPrivateShow))]
    public async Task<IResult> AcceptPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/accept")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        return (await lifecycle.AcceptAsync(who.Caller, id, ct)).ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(DeclinePrivateShow))]
    public async Task<IResult> DeclinePrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/decline")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        return (await lifecycle.DeclineAsync(who.Caller, id, ct)).ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(CancelPrivateShow))]
    public async Task<IResult> CancelPrivateShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "private-shows/{id:guid}/cancel")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        return (await lifecycle.CancelAsync(who.Caller, id, ct)).ToResult(v => TypedResults.Ok(v));
    }

    /// <summary>Every minute: unanswered shows expire at their start (refunded), accepted ones complete at their end.</summary>
    [Function(nameof(SettlePrivateShows))]
    public async Task SettlePrivateShows([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var changed = await lifecycle.SettleAsync(ct);
        if (changed > 0) logger.LogInformation("Private shows settled: {Changed}", changed);
    }
}
