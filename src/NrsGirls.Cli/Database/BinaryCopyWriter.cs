using System.Buffers.Binary;
using System.Text;

namespace NrsGirls.Cli.Database;

/// <summary>
/// Writes PostgreSQL's binary COPY format straight into a buffer and hands it to a raw COPY stream in
/// large chunks. For the seeder's bulk tables this is the cheap end of the wire: no per-field type
/// lookup or call into the driver, so the client spends microseconds per row and the server's own COPY
/// work is what the time is made of (the point of the benchmark against `psql \copy`).
/// </summary>
public sealed class BinaryCopyWriter(Stream output, int bufferSize = 256 * 1024)
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _pos;
    private bool _started;

    /// <summary>Starts a row of <paramref name="fields"/> fields; flushes first when the buffer is nearly full.</summary>
    public async ValueTask StartRowAsync(short fields, CancellationToken ct)
    {
        if (_pos > _buffer.Length - 4096) await FlushAsync(ct);
        if (!_started) { Header.CopyTo(_buffer, _pos); _pos += Header.Length; _started = true; }
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_pos), fields);
        _pos += 2;
    }

    public void Uuid(Guid value)
    {
        Length(16);
        value.TryWriteBytes(_buffer.AsSpan(_pos, 16), bigEndian: true, out _);
        _pos += 16;
    }

    /// <summary>text/varchar in UTF-8 (the connection's client encoding). A row's fields must fit the 4 KiB headroom.</summary>
    public void Text(string value)
    {
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_pos + 4));
        Length(n);
        _pos += n;
    }

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC.</summary>
    public void TimestampTz(DateTime value)
    {
        Length(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_pos), (value.ToUniversalTime().Ticks - PostgresEpochTicks) / 10);
        _pos += 8;
    }

    public void Null()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_pos), -1);
        _pos += 4;
    }

    /// <summary>numeric: base-10000 digits with weight, sign and display scale (the decimal's own scale).</summary>
    public void Numeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var unscaled = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var pad = (4 - scale % 4) % 4;
        for (var i = 0; i < pad; i++) unscaled *= 10;
        var fractionGroups = (scale + pad) / 4;

        Span<short> groups = stackalloc short[16]; // least significant first
        var n = 0;
        while (unscaled > 0) { groups[n++] = (short)(ushort)(unscaled % 10000); unscaled /= 10000; }
        var weight = n - fractionGroups - 1;
        var first = 0;
        while (first < n && groups[first] == 0) first++; // trailing zero groups carry no digits
        var digits = n - first;

        Length(8 + 2 * digits);
        var s = _buffer.AsSpan(_pos);
        BinaryPrimitives.WriteInt16BigEndian(s, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(s[2..], (short)(digits == 0 ? 0 : weight));
        BinaryPrimitives.WriteUInt16BigEndian(s[4..], negative && digits > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(s[6..], (short)scale);
        for (var i = 0; i < digits; i++) BinaryPrimitives.WriteInt16BigEndian(s[(8 + 2 * i)..], groups[n - 1 - i]);
        _pos += 8 + 2 * digits;
    }

    /// <summary>Writes the trailer and everything buffered.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (!_started) { Header.CopyTo(_buffer, _pos); _pos += Header.Length; _started = true; }
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_pos), -1);
        _pos += 2;
        await FlushAsync(ct);
    }

    private void Length(int n)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_pos), n);
        _pos += 4;
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        await output.WriteAsync(_buffer.AsMemory(0, _pos), ct);
        _pos = 0;
    }
}
