namespace NrsGirls.Tests.Infrastructure;

/// <summary>One log call: its level, category, rendered message and the exception passed with it (if any).</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}" + (Exception is null ? "" : " [+exception]");
}

/// <summary>A logger provider that keeps every entry, for tests that check what is logged (and how).</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<LogEntry> entries) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
    }
}
