using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using NrsGirls.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<NrsGirls.Functions.Http.UnexpectedExceptionMiddleware>();
builder.Services.AddNrsGirlsFunctions(builder.Configuration);
builder.Build().Run();
