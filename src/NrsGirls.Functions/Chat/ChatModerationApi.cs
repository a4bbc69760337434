using NrsGirls.Shared.Chat;

namespace NrsGirls.Functions.Chat;

/// <summary>creators/{id}/moderators and creators/{id}/chat-bans: a creator's chat team and who may not chat.</summary>
public sealed class ChatModerationApi(ChatModeration moderation, ModeratorService moderators, RequestAuth auth)
{
    [Function(nameof(AppointModerator))]
    public Task<IResult> AppointModerator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "creators/{id:guid}/moderators/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => moderators.AppointAsync(id, userId, who, client, ct), OutcomeResults.NoContent);

    [Function(nameof(RemoveModerator))]
    public Task<IResult> RemoveModerator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/moderators/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => moderators.RemoveAsync(id, userId, who, client, ct), OutcomeResults.NoContent);

    [Function(nameof(BanFromChat))]
    public Task<IResult> BanFromChat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{id:guid}/chat-bans")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<ChatBanRequest>(JsonBody.SmallMaxBytes, ct), (who, body, client) => moderation.BanAsync(id, who, body, client, ct));

    [Function(nameof(LiftChatBan))]
    public Task<IResult> LiftChatBan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "creators/{id:guid}/chat-bans/{userId:guid}")] HttpRequest request,
        Guid id, Guid userId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => moderation.UnbanAsync(id, userId, who, client, ct), OutcomeResults.NoContent);
}
