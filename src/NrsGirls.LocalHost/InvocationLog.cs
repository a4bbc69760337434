using System.Collections.Concurrent;

namespace NrsGirls.LocalHost;

/// <summary>One finished invocation: which function, by which trigger, how long, and how it ended.</summary>
public sealed record Invocation(string Function, string Trigger, string Outcome, bool Succeeded, TimeSpan Duration, DateTimeOffset FinishedAt);

/// <summary>
/// Logs every invocation to the console (function, trigger, duration, outcome) and keeps the most
/// recent ones in memory, so tests and operators can see what ran without parsing log text.
/// </summary>
public sealed class InvocationLog(ILogger<InvocationLog> logger, TimeProvider clock)
{
    private const int Keep = 2000;
    private readonly ConcurrentQueue<Invocation> _recent = new();

    public void Record(string function, string trigger, string outcome, bool succeeded, TimeSpan duration, Exception? error = null)
    {
        var invocation = new Invocation(function, trigger, outcome, succeeded, duration, clock.GetUtcNow());
        _recent.Enqueue(invocation);
        while (_recent.Count > Keep) _recent.TryDequeue(out _);
        if (succeeded)
            logger.LogInformation("Executed {Function} ({Trigger}) {Outcome} in {DurationMs} ms", function, trigger, outcome, (long)duration.TotalMilliseconds);
        else
            logger.LogError(error, "Executed {Function} ({Trigger}) {Outcome} in {DurationMs} ms", function, trigger, outcome, (long)duration.TotalMilliseconds);
    }

    public IReadOnlyList<Invocation> Snapshot() => [.. _recent];
}
