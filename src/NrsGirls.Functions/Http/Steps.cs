using System.Diagnostics.CodeAnalysis;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The caller of a signed-in function, or the problem to answer with (401, or 503 when the session store
/// is unreachable), from <see cref="RequestAuth.AuthenticateAsync"/>; <see cref="Endpoints"/> checks it for the functions.
/// </summary>
public readonly record struct SignedIn(Caller? Caller, IResult? Problem)
{
    [MemberNotNullWhen(true, nameof(Caller))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;
}

/// <summary>
/// The caller of a route anyone may call: <see cref="Caller"/> is null for an anonymous request; the
/// problem is set only when a token was sent and is not valid (401) or the session store is down (503).
/// </summary>
public readonly record struct MaybeSignedIn(Caller? Caller, IResult? Problem)
{
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;
}

/// <summary>
/// A parsed request body, or the problem to answer with (415, 413, 400 malformed or wrong types).
/// Functions take it as an input of <see cref="Endpoints"/>: <c>JsonBody.Of&lt;T&gt;(maxBytes, ct)</c>.
/// </summary>
public readonly record struct Body<T>(T? Value, IResult? Problem) where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;

    public static implicit operator Body<T>(T value) => new(value, null);
}

public static class OutcomeResults
{
    /// <summary>The success mapped by <paramref name="ok"/>, or the service's error as problem+json.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome, Func<T, IResult> ok) where T : notnull =>
        outcome.IsOk ? ok(outcome.Value) : Problems.From(outcome.Error);

    /// <summary>The success as 200 with the value, or the service's error as problem+json.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome) where T : notnull => outcome.ToResult(Ok);

    /// <summary>The default success: 200 with the value as JSON.</summary>
    public static IResult Ok<T>(T value) => TypedResults.Ok(value);

    /// <summary>204 for a success whose value the client does not need.</summary>
    public static IResult NoContent<T>(T value) => TypedResults.NoContent();
}
