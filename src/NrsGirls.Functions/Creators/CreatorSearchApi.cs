using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>GET creators/search?q=&amp;type=&amp;genre=&amp;limit=&amp;cursor=: anyone; creators that block the caller are left out.</summary>
public sealed class CreatorSearchApi(CreatorSearch search, RequestAuth auth)
{
    [Function(nameof(SearchCreators))]
    public Task<IResult> SearchCreators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/search")] HttpRequest request, CancellationToken ct) =>
        auth.MaybeSignedIn(request,
            Query.Read(q => (Q: q.String("q"), Type: q.String("type"), Genre: q.String("genre"), Limit: q.String("limit"), Cursor: q.String("cursor"))),
            (who, q, client) => search.SearchAsync(q.Q, q.Type, q.Genre, q.Limit, q.Cursor, who, client, ct));
}
