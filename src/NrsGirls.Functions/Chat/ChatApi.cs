using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Chat;

namespace NrsGirls.Functions.Chat;

/// <summary>streams/{id}/chat: messages (MongoDB; 503 chat_unavailable without it) and the stream's chat modes.</summary>
public sealed class ChatApi(ChatService chat, ChatModeration moderation, RequestAuth auth)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(PostChatMessage))]
    public async Task<IResult> PostChatMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "streams/{id:guid}/chat")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<PostChatRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await chat.PostAsync(id, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Created($"/api/streams/{id}/chat/{v.Id}", v));
    }

    /// <summary>Newest first; <c>before</c> is the previous page's nextCursor.</summary>
    [Function(nameof(ListChatMessages))]
    public async Task<IResult> ListChatMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "streams/{id:guid}/chat")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await chat.ListAsync(id, request.Query["before"], request.Query["limit"], who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }

    [Function(nameof(DeleteChatMessage))]
    public async Task<IResult> DeleteChatMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "streams/{id:guid}/chat/{messageId}")] HttpRequest request,
        Guid id, string messageId, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var outcome = await moderation.DeleteMessageAsync(id, messageId, who.Caller, auth.Client(request), ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    [Function(nameof(SetChatMode))]
    public async Task<IResult> SetChatMode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "streams/{id:guid}/chat-mode")] HttpRequest request, Guid id, CancellationToken ct)
    {
        var who = await auth.AuthenticateAsync(request);
        if (!who.IsOk) return who.Problem;
        var body = await JsonBody.ReadAsync<ChatModeRequest>(request, ct, MaxBodyBytes);
        if (!body.IsOk) return body.Problem;
        var outcome = await moderation.SetModeAsync(id, who.Caller, body.Value, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
