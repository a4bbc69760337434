using System.Diagnostics.CodeAnalysis;

namespace NrsGirls.Shared;

/// <summary>What kind of expected failure a service reports; the HTTP layer maps each to one status code.</summary>
public enum ErrorKind
{
    /// <summary>400: named fields are invalid.</summary>
    Validation,
    /// <summary>400: the request is well-formed but refers to something unusable (an expired token).</summary>
    BadRequest,
    /// <summary>401: not signed in, or the credentials are wrong.</summary>
    Unauthorized,
    /// <summary>403: signed in, but not allowed (wrong role, failed re-authentication).</summary>
    Forbidden,
    NotFound,
    Conflict,
    /// <summary>429 with a retry delay.</summary>
    RateLimited,
    /// <summary>503: a store the operation cannot safely run without is unreachable.</summary>
    Unavailable,
    /// <summary>422: well-formed and valid, but it contradicts an earlier request (an idempotency key reused for another body).</summary>
    Unprocessable,
}

/// <summary>
/// An expected failure returned (not thrown) by a Shared service, with a stable machine-readable
/// <see cref="Code"/> and a message safe to show to the caller.
/// </summary>
public sealed record ServiceError(ErrorKind Kind, string Code, string Detail)
{
    /// <summary>For <see cref="ErrorKind.Validation"/>: the bad fields and what is wrong with each.</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; init; }

    /// <summary>For <see cref="ErrorKind.RateLimited"/>: seconds until the window resets.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ServiceError Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Validation, "validation_failed", "See errors for each field.") { Fields = fields };

    public static ServiceError Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceError RateLimited(int retryAfterSeconds) =>
        new(ErrorKind.RateLimited, "rate_limited", $"Try again in {retryAfterSeconds} seconds.") { RetryAfterSeconds = retryAfterSeconds };

    public static ServiceError Unavailable(string detail) => new(ErrorKind.Unavailable, "unavailable", detail);
}

/// <summary>A service result: a value, or a <see cref="ServiceError"/>. Converts implicitly from either.</summary>
public readonly record struct Outcome<T>(T? Value, ServiceError? Error) where T : notnull
{
    /// <summary>True: <see cref="Value"/> is set. False: <see cref="Error"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(ServiceError error) => new(default, error);
}

/// <summary>The value of an operation that succeeds with nothing to return.</summary>
public sealed record Done
{
    public static readonly Done Value = new();
    private Done() { }
}
