using System.Reflection;
using System.Text.RegularExpressions;
using NrsGirls.Functions.Http;
using NrsGirls.Shared;
using NrsGirls.Shared.Accounts;

// Not NrsGirls.Tests.Http: that would hide the Http helper class from every test namespace.
namespace NrsGirls.Tests.HttpApi;

/// <summary>
/// Every error code the app declares: each public static readonly ServiceError of every static class named
/// *Errors in NrsGirls.Shared (AccountErrors today; each feature adds its own and is covered here unchanged).
/// </summary>
public partial class ErrorCodeTests
{
    /// <summary>What each kind must answer. A new ErrorKind fails the first test until it is added here.</summary>
    private static readonly IReadOnlyDictionary<ErrorKind, int> StatusOf = new Dictionary<ErrorKind, int>
    {
        [ErrorKind.Validation] = 400,
        [ErrorKind.BadRequest] = 400,
        [ErrorKind.Unauthorized] = 401,
        [ErrorKind.Forbidden] = 403,
        [ErrorKind.NotFound] = 404,
        [ErrorKind.Conflict] = 409,
        [ErrorKind.Unprocessable] = 422,
        [ErrorKind.RateLimited] = 429,
        [ErrorKind.Unavailable] = 503,
    };

    private static List<(string Name, ServiceError Error)> Declared() =>
        typeof(ServiceError).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Errors", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsInitOnly && f.FieldType == typeof(ServiceError))
                .Select(f => ($"{t.Name}.{f.Name}", (ServiceError)f.GetValue(null)!)))
            .ToList();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [Fact]
    public void Every_error_kind_has_a_status_it_must_answer()
    {
        var unmapped = Enum.GetValues<ErrorKind>().Where(k => !StatusOf.ContainsKey(k)).ToList();
        Assert.True(unmapped.Count == 0, $"Add the expected status of {string.Join(", ", unmapped)} to {nameof(StatusOf)}.");
    }

    [Fact]
    public void The_declared_errors_are_found_in_every_errors_class()
    {
        var declared = Declared();
        Assert.Contains(declared, d => d.Name == $"{nameof(AccountErrors)}.{nameof(AccountErrors.InvalidCredentials)}");
        Assert.Contains(declared, d => d.Name == $"{nameof(AccountErrors)}.{nameof(AccountErrors.InvalidSession)}");
        Assert.True(declared.Count >= 13, $"only {declared.Count} errors found");
    }

    [Fact]
    public void Codes_are_snake_case_and_unique_across_the_app_and_never_reuse_a_generic_code()
    {
        var declared = Declared();
        var generic = new[] { ServiceError.Invalid("f", "m"), ServiceError.RateLimited(1), ServiceError.Unavailable("d") }.Select(e => e.Code);
        var problems = declared.Where(d => !SnakeCase().IsMatch(d.Error.Code)).Select(d => $"{d.Name}: '{d.Error.Code}' is not snake_case")
            .Concat(declared.GroupBy(d => d.Error.Code).Where(g => g.Count() > 1)
                .Select(g => $"'{g.Key}' is declared by {string.Join(" and ", g.Select(d => d.Name))}"))
            .Concat(declared.Where(d => generic.Contains(d.Error.Code)).Select(d => $"{d.Name} reuses the generic code '{d.Error.Code}'"))
            .Concat(declared.Where(d => string.IsNullOrWhiteSpace(d.Error.Detail)).Select(d => $"{d.Name} has no detail"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Each_error_answers_problem_json_with_its_code_and_the_status_its_kind_says()
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var problems = new List<string>();
        foreach (var (name, error) in Declared())
        {
            if (!StatusOf.TryGetValue(error.Kind, out var expected)) { problems.Add($"{name}: unmapped kind {error.Kind}"); continue; }
            var (status, headers, body) = await HttpResults.ExecuteRawAsync(Problems.From(error), services);
            var code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
            if (status != expected || code != error.Code || headers.ContentType != Problems.ContentType)
                problems.Add($"{name} ({error.Kind}, '{error.Code}'): answered {status} '{code}' as {headers.ContentType}, expected {expected} '{error.Code}'");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
