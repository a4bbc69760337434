using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using NrsGirls.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseNrsGirlsWorker();
builder.Build().Run();
