using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Chat;

namespace NrsGirls.Functions.Chat;

/// <summary>creators/{id}/moderators and creators/{id}/chat-bans: a creator's chat team and who may not chat.</summary>
public sealed class ChatModerationApi(ChatModeration moderation, ModeratorService moderators, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(AppointModerator))]
    public async Task<IResult> AppointModerator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "creators/{id:guid}/moderators/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await moderators.AppointAsync(id, userId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    [Function(nameof(RemoveModerator))]
    public async Task<IResult> RemoveModerator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/moderators/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await moderators.RemoveAsync(id, userId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    [Function(nameof(BanFromChat))]
    public async Task<IResult> BanFromChat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/chat-bans")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<ChatBanRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await moderation.BanAsync(id, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(LiftChatBan))]
    public async Task<IResult> LiftChatBan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/chat-bans/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await moderation.UnbanAsync(id, userId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }
}
