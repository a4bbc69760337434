using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using NrsGirls.Functions.Http;

namespace NrsGirls.LocalHost;

/// <summary>
/// Kestrel answers some requests itself, before any middleware runs, with an empty body: a request line
/// over its limit (414), headers over theirs (431), a NUL or non-ASCII byte in a header or %00 in the path
/// (400), a request that never finishes its headers (408). No status-code-pages step can see those. This
/// connection step rewrites exactly those answers into problem+json (<see cref="Problems.ForStatus"/>) on
/// their way out, with nosniff like every other response.
/// <para>
/// How they are told apart from the app's own answers: every response that went through the app pipeline
/// carries <c>X-Content-Type-Options</c> (set by its first step), and Kestrel's own rejections never do;
/// a rewrite also needs an error status, an empty body (Content-Length: 0) and the whole head in one flush,
/// which is how Kestrel writes them. Everything else passes through byte for byte.
/// </para>
/// </summary>
internal static class KestrelRejections
{
    public static void Use(ListenOptions listen) => listen.Use(next => connection =>
    {
        connection.Transport = new Pipe(connection.Transport);
        return next(connection);
    });

    private sealed class Pipe(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;
        public PipeWriter Output { get; } = new RewritingWriter(inner.Output);
    }

    /// <summary>Buffers each flush's bytes so that a whole rejection can be replaced before it is sent.</summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _pending = new();

        public override void Advance(int bytes) => _pending.Advance(bytes);
        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override bool CanGetUnflushedBytes => true;
        public override long UnflushedBytes => _pending.WrittenCount;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Drain();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            Drain();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Drain();
            await inner.CompleteAsync(exception);
        }

        private void Drain()
        {
            if (_pending.WrittenCount == 0) return;
            var bytes = _pending.WrittenSpan;
            var replacement = Rewrite(bytes);
            inner.Write(replacement is null ? bytes : replacement);
            _pending.ResetWrittenCount();
        }
    }

    private static ReadOnlySpan<byte> StatusLinePrefix => "HTTP/1.1 "u8;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>The problem+json answer replacing a Kestrel rejection, or null when <paramref name="written"/> is not one.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (!written.StartsWith(StatusLinePrefix) || written.Length > 4096) return null;
        var end = written.IndexOf(HeadEnd);
        if (end < 0 || end + HeadEnd.Length != written.Length) return null;
        var lines = Encoding.Latin1.GetString(written[..end]).Split("\r\n");
        if (!int.TryParse(lines[0].AsSpan(StatusLinePrefix.Length, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
            return null;
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (headers.ContainsKey("X-Content-Type-Options") || headers.GetValueOrDefault("Content-Length") != "0") return null;

        var body = JsonSerializer.SerializeToUtf8Bytes(Problems.ForStatus(status), NrsGirlsJson.ApiOptions);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n")
            .Append("Content-Type: ").Append(Problems.ContentType).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("X-Content-Type-Options: nosniff\r\n");
        foreach (var (name, value) in headers)
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }
}
