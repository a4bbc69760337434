using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.Functions.Http;

namespace NrsGirls.TestFunctionApp;

public sealed record NewItem(string Name, int Quantity);

public sealed class ItemsApi
{
    [Function(nameof(GetItem))]
    public IResult GetItem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:guid}")] HttpRequest request, Guid id) =>
        TypedResults.Ok(new { id });

    [Function(nameof(CreateItem))]
    public async Task<IResult> CreateItem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "items")] HttpRequest request, CancellationToken ct)
    {
        var (item, problem) = await JsonBody.ReadAsync<NewItem>(request, ct, maxBytes: 10 * 1024 * 1024);
        return problem ?? TypedResults.Created($"/api/items/{Guid.NewGuid()}", item);
    }

    /// <summary>An MVC result with an int route value, executed as the worker's integration does.</summary>
    [Function(nameof(CountItems))]
    public IActionResult CountItems([HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/count/{n:int}")] HttpRequest request, int n) =>
        new OkObjectResult(new { n, doubled = n * 2 });

    [Function(nameof(Explode))]
    public IResult Explode([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "explode")] HttpRequest request) =>
        throw new InvalidOperationException("secret internal detail: connection string Password=hunter2");
}
