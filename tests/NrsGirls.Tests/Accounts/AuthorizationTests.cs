using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Moq;
using NrsGirls.Functions.Accounts;
using NrsGirls.Functions.Http;
using NrsGirls.Shared.Accounts;


namespace NrsGirls.Tests.Accounts;

public class AuthorizationTests(AccountsFixture app) : IClassFixture<AccountsFixture>
{
    /// <summary>Every HTTP-triggered function of NrsGirls.Functions, found from its [Function] and [HttpTrigger] attributes.</summary>
    public static IReadOnlyList<MethodInfo> HttpFunctions() =>
        typeof(AuthApi).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                        && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();

    public static TheoryData<string> ProtectedFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var m in HttpFunctions().Where(m => !AnonymousFunctions.Names.Contains(m.GetCustomAttribute<FunctionAttribute>()!.Name)))
            data.Add(m.DeclaringType!.Name + "." + m.Name);
        return data;
    }

    [Fact]
    public void The_scan_finds_the_functions_and_the_anonymous_list_names_only_real_ones()
    {
        var names = HttpFunctions().Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).ToList();
        Assert.Contains(nameof(MeApi.GetMe), names);
        Assert.Contains(nameof(AuthApi.Login), names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(AnonymousFunctions.Names, n => Assert.Contains(n, names));
        Assert.True(names.Count(n => !AnonymousFunctions.Names.Contains(n)) >= 10);
    }

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Every_function_not_on_the_anonymous_list_answers_401_without_a_valid_session(string function)
    {
        var method = HttpFunctions().Single(m => m.DeclaringType!.Name + "." + m.Name == function);
        foreach (var authorization in new[] { null, "Bearer " + SecureTokens.New(), "Bearer forged", "Basic YTpi" })
        {
            var request = Http.Request(raw: "{}");
            if (authorization is not null) request.Headers.Authorization = authorization;
            var (status, code) = await Invoke(method, request);
            Assert.True(status == 401, $"{function} with Authorization '{authorization}' answered {status}");
            Assert.Contains(code, new[] { "unauthorized", "invalid_session" });
        }
    }

    [Fact]
    public async Task Require_role_passes_listed_roles_and_refuses_others_with_403()
    {
        var dj = new Caller(Guid.NewGuid(), Roles.Dj, "s");
        Assert.Null(RequestAuth.RequireRole(dj, Roles.Dj, Roles.Performer));
        var refused = await Http.Call(app.Services, Task.FromResult(RequestAuth.RequireRole(dj, Roles.Admin)!));
        Assert.Equal((403, "forbidden"), (refused.Status, refused.Code));
    }

    [Fact]
    public async Task Require_owner_lets_only_the_owner_through_and_admins_only_when_allowed()
    {
        var owner = new Caller(Guid.NewGuid(), Roles.Viewer, "s1");
        var other = new Caller(Guid.NewGuid(), Roles.Viewer, "s2");
        var admin = new Caller(Guid.NewGuid(), Roles.Admin, "s3");

        Assert.Null(RequestAuth.RequireOwner(owner, owner.UserId));
        Assert.Null(RequestAuth.RequireOwner(admin, owner.UserId, adminMayAct: true));
        Assert.NotNull(RequestAuth.RequireOwner(admin, owner.UserId));
        var refused = await Http.Call(app.Services, Task.FromResult(RequestAuth.RequireOwner(other, owner.UserId)!));
        Assert.Equal((403, "forbidden"), (refused.Status, refused.Code));
    }

    [Fact]
    public async Task A_signed_in_session_carries_the_role_the_account_has()
    {
        var dj = await app.SignUp(Roles.Dj);
        var (caller, problem) = await app.Services.GetRequiredService<RequestAuth>().AuthenticateAsync(Http.Request(token: dj.Token));
        Assert.Null(problem);
        Assert.Equal((dj.UserId, Roles.Dj), (caller!.UserId, caller.Role));
        Assert.Null(RequestAuth.RequireRole(caller, Roles.Dj));
        Assert.NotNull(RequestAuth.RequireRole(caller, Roles.Admin));
    }

    private async Task<(int Status, string? Code)> Invoke(MethodInfo method, HttpRequest request)
    {
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(app.Services, method.DeclaringType!);
        var args = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => request,
            var t when t == typeof(CancellationToken) => CancellationToken.None,
            var t when t == typeof(FunctionContext) => new Mock<FunctionContext>().Object,
            var t when t == typeof(Guid) => Guid.NewGuid(),
            var t when t == typeof(string) => "x",
            var t when t.IsValueType => Activator.CreateInstance(t),
            _ => null,
        }).ToArray();

        var returned = method.Invoke(instance, args);
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().GetProperty("Result")?.GetValue(task);
        }
        return returned switch
        {
            IResult result => (await Http.Call(app.Services, Task.FromResult(result))) is var a ? (a.Status, a.Code) : default,
            ObjectResult { Value: ProblemDetails pd } o => (o.StatusCode ?? 0, pd.Extensions.TryGetValue("code", out var c) ? c?.ToString() : null),
            IStatusCodeActionResult s => (s.StatusCode ?? 0, null),
            _ => throw new InvalidOperationException($"{method.Name} returned {returned?.GetType().Name ?? "null"}; expected IResult or IActionResult."),
        };
    }
}
