using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Functions.Creators;

/// <summary>GET creators/search?q=&amp;type=&amp;genre=&amp;limit=&amp;cursor=: anyone; creators that block the caller are left out.</summary>
public sealed class CreatorSearchApi(CreatorSearch search, RequestAuth auth)
{
    [Function(nameof(SearchCreators))]
    public async Task<IResult> SearchCreators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/search")] HttpRequest request, CancellationToken ct)
    {
        var who = await auth.AuthenticateOptionalAsync(request);
        if (!who.IsOk) return who.Problem;
        var q = request.Query;
        var outcome = await search.SearchAsync(q["q"], q["type"], q["genre"], q["limit"], q["cursor"], who.Caller, auth.Client(request), ct);
        return outcome.ToResult(v => TypedResults.Ok(v));
    }
}
