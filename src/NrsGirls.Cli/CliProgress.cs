using NrsGirls.Shared.Operations;

namespace NrsGirls.Cli;

/// <summary>
/// Progress of long commands. On a terminal: one line rewritten in place (step, parts done, rows, bytes,
/// rate, time left). Redirected (CI, timers, pipes): a plain log line per step, nothing rewritten.
/// </summary>
public sealed class CliProgress : IProgress<OperationProgress>, IDisposable
{
    private readonly string _what;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly Stopwatch _sw = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _lastWidth;

    private CliProgress(string what, TextWriter output)
    {
        _what = what;
        _out = output;
        // Rewriting a line in place only makes sense on the process's own terminal.
        _interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    }

    /// <summary>Progress written to the command's output writer (the invocation's, never the global console).</summary>
    public static CliProgress Start(string what, TextWriter output) => new(what, output);

    public void Report(OperationProgress p)
    {
        lock (_gate)
        {
            var secs = Math.Max(_sw.Elapsed.TotalSeconds, 0.001);
            var rate = p.Rows > 0 ? $", {p.Rows / secs:N0} rows/s" : "";
            var left = p.Total > 0 && p.Done > 0 && p.Done < p.Total ? $", ~{secs / p.Done * (p.Total - p.Done):0} s left" : "";
            var count = p.Total > 0 ? $"[{p.Done}/{p.Total}] " : "";
            var line = $"{_what}: {count}{p.Step} — {p.Rows:N0} rows, {Database.BackupCommands.Size(p.Bytes)}{rate}{left}";
            if (_interactive)
            {
                var bar = p.Total > 0 ? Bar(p.Done, p.Total) + " " : "";
                var text = bar + line;
                _out.Write("\r" + text.PadRight(_lastWidth));
                _lastWidth = text.Length;
            }
            else _out.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
        }
    }

    private static string Bar(int done, int total)
    {
        const int width = 20;
        var filled = (int)Math.Round(width * (double)done / total);
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }

    /// <summary>Ends the in-place line so the summary starts on its own line.</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (_interactive && _lastWidth > 0) _out.WriteLine();
            _lastWidth = 0;
        }
    }

    public void Dispose() => Done();
}
