using System.Net.Sockets;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>A response read off a raw socket: status line, headers (names lower-cased) and body text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    public string? ContentType => Header("content-type");
    public string? Code => Body.Length > 0 && Body.TrimStart().StartsWith('{')
        && JsonDocument.Parse(Body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
    public override string ToString() => $"{Status} {ContentType} {Body}";
}

/// <summary>
/// Sends bytes no well-behaved client would (a body shorter than its Content-Length, NUL in a header, a
/// 20 KB URL) over a plain TCP connection, and reads the one response that comes back.
/// </summary>
public static class RawHttp
{
    /// <param name="closeWrite">Half-close after sending, so the server sees the end of the body early.</param>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, bool closeWrite = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, cts.Token);
        if (closeWrite) client.Client.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try { n = await stream.ReadAsync(buffer, cts.Token); }
            catch (IOException) { break; } // reset after the response: what was read is the answer
            if (n == 0) break;
            received.Write(buffer, 0, n);
            if (Complete(received.ToArray())) break;
        }
        return Parse(received.ToArray());
    }

    public static Task<RawResponse> SendAsync(Uri server, string request, bool closeWrite = false, TimeSpan? timeout = null) =>
        SendAsync(server, Encoding.Latin1.GetBytes(request), closeWrite, timeout);

    private static int HeaderEnd(byte[] data) => data.AsSpan().IndexOf("\r\n\r\n"u8);

    private static bool Complete(byte[] data)
    {
        var end = HeaderEnd(data);
        if (end < 0) return false;
        var head = Encoding.Latin1.GetString(data, 0, end);
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase))
            .Select(p => (int?)int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        if (length is not null) return data.Length >= end + 4 + length;
        // Chunked: complete with the last (empty) chunk.
        return data.AsSpan(end + 4).IndexOf("0\r\n\r\n"u8) >= 0 && head.Contains("chunked", StringComparison.OrdinalIgnoreCase);
    }

    private static RawResponse Parse(byte[] data)
    {
        var end = HeaderEnd(data);
        if (end < 0) throw new InvalidOperationException($"No complete response head in {data.Length} bytes: {Encoding.Latin1.GetString(data)}");
        var lines = Encoding.Latin1.GetString(data, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var l in lines.Skip(1))
        {
            var p = l.Split(':', 2);
            headers[p[0].Trim().ToLowerInvariant()] = p.Length > 1 ? p[1].Trim() : "";
        }
        var body = data.AsSpan(end + 4);
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var text = new StringBuilder();
            var rest = Encoding.UTF8.GetString(body);
            while (true)
            {
                var nl = rest.IndexOf("\r\n", StringComparison.Ordinal);
                if (nl < 0) break;
                var size = Convert.ToInt32(rest[..nl].Split(';')[0], 16);
                if (size == 0) break;
                text.Append(rest.AsSpan(nl + 2, size));
                rest = rest[(nl + 2 + size + 2)..];
            }
            return new RawResponse(status, headers, text.ToString());
        }
        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }
}
