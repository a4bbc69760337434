using NrsGirls.Shared.Chat;

namespace NrsGirls.Functions.Chat;

/// <summary>streams/{id}/chat: messages (MongoDB; 503 chat_unavailable without it) and the stream's chat modes.</summary>
public sealed class ChatApi(ChatService chat, ChatModeration moderation, RequestAuth auth)
{
    [Function(nameof(PostChatMessage))]
    public Task<IResult> PostChatMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/chat")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<PostChatRequest>(JsonBody.SmallMaxBytes, ct), (who, body, client) => chat.PostAsync(id, who, body, client, ct),
            v => TypedResults.Created($"/api/streams/{id}/chat/{v.Id}", v));

    /// <summary>Newest first; <c>before</c> is the previous page's nextCursor.</summary>
    [Function(nameof(ListChatMessages))]
    public Task<IResult> ListChatMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams/{id:guid}/chat")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.MaybeSignedIn(request, Query.Read(q => (Before: q.String("before"), Limit: q.String("limit"))),
            (who, q, client) => chat.ListAsync(id, q.Before, q.Limit, who, client, ct));

    [Function(nameof(DeleteChatMessage))]
    public Task<IResult> DeleteChatMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "streams/{id:guid}/chat/{messageId}")] HttpRequest request,
        Guid id, string messageId, CancellationToken ct) =>
        auth.SignedIn(request, (who, client) => moderation.DeleteMessageAsync(id, messageId, who, client, ct), OutcomeResults.NoContent);

    [Function(nameof(SetChatMode))]
    public Task<IResult> SetChatMode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "streams/{id:guid}/chat-mode")] HttpRequest request, Guid id, CancellationToken ct) =>
        auth.SignedIn(request, JsonBody.Of<ChatModeRequest>(JsonBody.SmallMaxBytes, ct), (who, body, client) => moderation.SetModeAsync(id, who, body, client, ct));
}
