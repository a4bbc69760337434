namespace NrsGirls.Functions.Http;

/// <summary>
/// Something a function reads from the request after authentication (a JSON body, query parameters):
/// the value, or the problem to answer with instead. Made by <see cref="JsonBody.Of{T}"/> and <see cref="Query.Read{T}"/>.
/// </summary>
public sealed class RequestInput<T>(Func<HttpRequest, Task<(T Value, IResult? Problem)>> read)
{
    public Task<(T Value, IResult? Problem)> ReadAsync(HttpRequest request) => read(request);
}

/// <summary>
/// The one shape of an HTTP function, so each function is a one-liner:
/// authenticate (<see cref="SignedIn{T}(RequestAuth, HttpRequest, Func{Caller, ClientInfo, Task{Outcome{T}}}, Func{T, IResult}?)"/>,
/// <see cref="Admin{T}(RequestAuth, HttpRequest, Func{Caller, ClientInfo, Task{Outcome{T}}}, Func{T, IResult}?)"/>,
/// <see cref="MaybeSignedIn{T}(RequestAuth, HttpRequest, Func{Caller?, ClientInfo, Task{Outcome{T}}}, Func{T, IResult}?)"/> or
/// <see cref="Anonymous{TIn, T}"/>), then read the input if there is one (<see cref="RequestInput{T}"/>), then call the
/// service with the caller and <see cref="RequestAuth.Client"/>, then map its <see cref="Outcome{T}"/>: 200 with the
/// value unless <c>ok</c> says otherwise (Created, NoContent, Accepted), the error as problem+json. Each step's problem
/// ends the request, in that order: 401 before 403 (admin routes) before the body's 413/415/400.
/// <code>
/// public Task&lt;IResult&gt; StartStream(HttpRequest request, Guid id, CancellationToken ct) =>
///     auth.SignedIn(request, (who, client) => lifecycle.StartAsync(who, id, client, ct));
/// </code>
/// Overloads whose call returns <see cref="IResult"/> instead of an outcome are for functions that answer
/// something other than an outcome, or check the input further before calling the service.
/// </summary>
public static class Endpoints
{
    /// <summary>A session is required: 401 (or 503) without one.</summary>
    public static Task<IResult> SignedIn<T>(this RequestAuth auth, HttpRequest request,
        Func<Caller, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.SignedIn, None, (who, _, client) => Map(call(who!, client), ok));

    public static Task<IResult> SignedIn<TIn, T>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<Caller, TIn, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.SignedIn, input, (who, value, client) => Map(call(who!, value, client), ok));

    public static Task<IResult> SignedIn(this RequestAuth auth, HttpRequest request, Func<Caller, ClientInfo, Task<IResult>> call) =>
        auth.RunAsync(request, Access.SignedIn, None, (who, _, client) => call(who!, client));

    public static Task<IResult> SignedIn<TIn>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<Caller, TIn, ClientInfo, Task<IResult>> call) =>
        auth.RunAsync(request, Access.SignedIn, input, (who, value, client) => call(who!, value, client));

    /// <summary>A session with the admin role: 401 without a session, then 403 for any other role.</summary>
    public static Task<IResult> Admin<T>(this RequestAuth auth, HttpRequest request,
        Func<Caller, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.Admin, None, (who, _, client) => Map(call(who!, client), ok));

    public static Task<IResult> Admin<TIn, T>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<Caller, TIn, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.Admin, input, (who, value, client) => Map(call(who!, value, client), ok));

    public static Task<IResult> Admin(this RequestAuth auth, HttpRequest request, Func<Caller, ClientInfo, Task<IResult>> call) =>
        auth.RunAsync(request, Access.Admin, None, (who, _, client) => call(who!, client));

    /// <summary>Anyone (<see cref="RequestAuth.AuthenticateOptionalAsync"/>): no Authorization header is anonymous, a bad one 401.</summary>
    public static Task<IResult> MaybeSignedIn<T>(this RequestAuth auth, HttpRequest request,
        Func<Caller?, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.Optional, None, (who, _, client) => Map(call(who, client), ok));

    public static Task<IResult> MaybeSignedIn(this RequestAuth auth, HttpRequest request, Func<Caller?, ClientInfo, Task<IResult>> call) =>
        auth.RunAsync(request, Access.Optional, None, (who, _, client) => call(who, client));

    public static Task<IResult> MaybeSignedIn<TIn, T>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<Caller?, TIn, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.Optional, input, (who, value, client) => Map(call(who, value, client), ok));

    /// <summary>
    /// Anyone, like <see cref="MaybeSignedIn{T}(RequestAuth, HttpRequest, Func{Caller?, ClientInfo, Task{Outcome{T}}}, Func{T, IResult}?)"/>,
    /// except that an Authorization header of another scheme than Bearer also counts as anonymous (the track routes).
    /// </summary>
    public static Task<IResult> MaybeBearer<T>(this RequestAuth auth, HttpRequest request,
        Func<Caller?, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.OptionalBearer, None, (who, _, client) => Map(call(who, client), ok));

    public static Task<IResult> MaybeBearer(this RequestAuth auth, HttpRequest request, Func<Caller?, ClientInfo, Task<IResult>> call) =>
        auth.RunAsync(request, Access.OptionalBearer, None, (who, _, client) => call(who, client));

    public static Task<IResult> MaybeBearer<TIn, T>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<Caller?, TIn, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.OptionalBearer, input, (who, value, client) => Map(call(who, value, client), ok));

    /// <summary>No session is looked at (sign-up, sign-in): the input, then the call.</summary>
    public static Task<IResult> Anonymous<TIn, T>(this RequestAuth auth, HttpRequest request, RequestInput<TIn> input,
        Func<TIn, ClientInfo, Task<Outcome<T>>> call, Func<T, IResult>? ok = null) where T : notnull =>
        auth.RunAsync(request, Access.Anonymous, input, (_, value, client) => Map(call(value, client), ok));

    private static async Task<IResult> Map<T>(Task<Outcome<T>> call, Func<T, IResult>? ok) where T : notnull =>
        (await call).ToResult(ok ?? OutcomeResults.Ok);

    private enum Access { Anonymous, Optional, OptionalBearer, SignedIn, Admin }

    private sealed record NoInput;

    private static readonly RequestInput<NoInput?> None = new(_ => Task.FromResult<(NoInput?, IResult?)>((null, null)));

    private static async Task<IResult> RunAsync<TIn>(this RequestAuth auth, HttpRequest request, Access access, RequestInput<TIn> input,
        Func<Caller?, TIn, ClientInfo, Task<IResult>> call)
    {
        Caller? caller = null;
        if (access is Access.SignedIn or Access.Admin)
        {
            var who = await auth.AuthenticateAsync(request);
            if (!who.IsOk) return who.Problem;
            if (access is Access.Admin && RequestAuth.RequireRole(who.Caller, Roles.Admin) is { } refused) return refused;
            caller = who.Caller;
        }
        else if (access is Access.Optional or Access.OptionalBearer)
        {
            var who = await auth.AuthenticateOptionalAsync(request, otherSchemesAreAnonymous: access is Access.OptionalBearer);
            if (!who.IsOk) return who.Problem;
            caller = who.Caller;
        }
        var (value, problem) = await input.ReadAsync(request);
        if (problem is not null) return problem;
        return await call(caller, value, auth.Client(request));
    }
}
