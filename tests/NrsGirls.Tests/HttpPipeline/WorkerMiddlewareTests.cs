using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Moq;
using NrsGirls.Functions.Http;

namespace NrsGirls.Tests.HttpPipeline;

/// <summary>The worker side of the central headers: what UseNrsGirlsWorker registers for Azure.</summary>
public class WorkerMiddlewareTests
{
    [Fact]
    public async Task The_worker_middleware_marks_every_http_invocation_nosniff_before_the_function_runs()
    {
        var http = new DefaultHttpContext();
        var context = new Mock<FunctionContext>();
        // Where the ASP.NET Core integration keeps the invocation's HttpContext (FunctionContext.GetHttpContext()).
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        string? seenByFunction = null;

        await new ResponseDefaultsMiddleware().Invoke(context.Object, _ =>
        {
            seenByFunction = http.Response.Headers.XContentTypeOptions;
            return Task.CompletedTask;
        });

        Assert.Equal("nosniff", seenByFunction);
    }

    [Fact]
    public async Task A_queue_or_timer_invocation_without_an_http_context_passes_through()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        var ran = false;
        await new ResponseDefaultsMiddleware().Invoke(context.Object, _ => { ran = true; return Task.CompletedTask; });
        Assert.True(ran);
    }
}
