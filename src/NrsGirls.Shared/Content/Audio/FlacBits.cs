namespace NrsGirls.Shared.Content.Audio;

/// <summary>MSB-first bit reader over a stream that keeps the frame's running CRC-8 and CRC-16 as bytes are consumed.</summary>
internal sealed class FlacBits(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _length, _next;
    private int _byte, _bitsLeft;

    public byte Crc8 { get; private set; }
    public ushort Crc16 { get; private set; }

    public bool AtEnd
    {
        get
        {
            if (_bitsLeft > 0 || _next < _length) return false;
            Fill();
            return _length == 0;
        }
    }

    public void StartFrame() { Crc8 = 0; Crc16 = 0; }

    public void AlignToByte() => _bitsLeft = 0;

    public ulong Read(int n)
    {
        ulong v = 0;
        while (n > 0)
        {
            if (_bitsLeft == 0) NextByte();
            var take = Math.Min(n, _bitsLeft);
            var shift = _bitsLeft - take;
            v = (v << take) | (uint)((_byte >> shift) & ((1 << take) - 1));
            _bitsLeft -= take;
            n -= take;
        }
        return v;
    }

    public long ReadSigned(int n)
    {
        var v = (long)Read(n);
        return n == 0 ? 0 : (v << (64 - n)) >> (64 - n);
    }

    /// <summary>Counts zero bits up to and including the next one bit.</summary>
    public int ReadUnary()
    {
        var zeros = 0;
        while (true)
        {
            if (_bitsLeft == 0) NextByte();
            var rest = _byte & ((1 << _bitsLeft) - 1);
            if (rest == 0) { zeros += _bitsLeft; _bitsLeft = 0; continue; }
            var highest = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)rest);
            zeros += _bitsLeft - 1 - highest;
            _bitsLeft = highest;
            return zeros;
        }
    }

    private void NextByte()
    {
        if (_next >= _length)
        {
            Fill();
            if (_length == 0) throw AudioFileException.Truncated("The FLAC file ends inside a frame.");
        }
        _byte = _buffer[_next++];
        _bitsLeft = 8;
        Crc8 = Crc8Table[Crc8 ^ _byte];
        Crc16 = (ushort)((Crc16 << 8) ^ Crc16Table[(Crc16 >> 8) ^ _byte]);
    }

    private void Fill()
    {
        _length = stream.Read(_buffer, 0, _buffer.Length);
        _next = 0;
    }

    private static readonly byte[] Crc8Table = BuildCrc8();
    private static readonly ushort[] Crc16Table = BuildCrc16();

    private static byte[] BuildCrc8()
    {
        var t = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 0x80) != 0 ? (c << 1) ^ 0x07 : c << 1;
            t[i] = (byte)c;
        }
        return t;
    }

    private static ushort[] BuildCrc16()
    {
        var t = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i << 8;
            for (var k = 0; k < 8; k++) c = (c & 0x8000) != 0 ? (c << 1) ^ 0x8005 : c << 1;
            t[i] = (ushort)c;
        }
        return t;
    }
}
