using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>GET creators/search?q=&amp;type=&amp;genre=&amp;limit=&amp;cursor=: anyone; creators that block the caller are left out.</summary>
public sealed class CreatorSearchApi(CreatorSearch search, RequestAuth auth)
{
    [Function(nameof(SearchCreators))]
    public Task<IResult> SearchCreators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/search")] HttpRequest request, CancellationToken ct) =>
        auth.MaybeSignedIn(request, (who, client) => search.SearchAsync(
            request.Query["q"], request.Query["type"], request.Query["genre"], request.Query["limit"], request.Query["cursor"], who, client, ct));
}
