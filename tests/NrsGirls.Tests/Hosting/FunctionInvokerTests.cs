using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NrsGirls.LocalHost;
using FunctionDefinition = NrsGirls.LocalHost.FunctionDefinition;

namespace NrsGirls.Tests.Hosting;

// Not in any functions.metadata: the tests project does not run the worker SDK's generator.
public sealed class AzureOnlyFunctions
{
    [Function(nameof(TakesContext))]
    public IResult TakesContext([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ctx")] HttpRequest request, FunctionContext context) =>
        TypedResults.Ok();

    [Function(nameof(TakesUnknown))]
    public IResult TakesUnknown([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things")] HttpRequest request, Guid id) =>
        TypedResults.Ok(id);
}

/// <summary>Functions only the Azure host could run are refused when the local host starts, naming the function.</summary>
public class FunctionInvokerTests
{
    private static FunctionDefinition Definition(string method) => new(method, Path.GetFileName(typeof(FunctionInvokerTests).Assembly.Location),
        $"{typeof(AzureOnlyFunctions).FullName}.{method}",
        [new FunctionBinding("request", "httpTrigger", "In", JsonDocument.Parse("{}").RootElement)]);

    [Fact]
    public void A_function_taking_FunctionContext_is_refused_with_its_name()
    {
        var ex = Assert.Throws<LocalHostException>(() => FunctionInvoker.Create(Definition(nameof(AzureOnlyFunctions.TakesContext)), AppContext.BaseDirectory, []));
        Assert.Contains("Function TakesContext", ex.Message);
        Assert.Contains("FunctionContext", ex.Message);
    }

    [Fact]
    public void A_parameter_that_is_no_route_value_is_refused_with_its_name()
    {
        var ex = Assert.Throws<LocalHostException>(() => FunctionInvoker.Create(Definition(nameof(AzureOnlyFunctions.TakesUnknown)), AppContext.BaseDirectory, []));
        Assert.Contains("Function TakesUnknown: parameter 'id'", ex.Message);
        // The same parameter is fine once the route has an {id}.
        Assert.NotNull(FunctionInvoker.Create(Definition(nameof(AzureOnlyFunctions.TakesUnknown)), AppContext.BaseDirectory, ["id"]));
    }
}
