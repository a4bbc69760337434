using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NrsGirls.Shared.Operations;

/// <summary>A stored part is not what was written: unknown key, tampered, reordered or truncated.</summary>
public sealed class BackupIntegrityException(string message) : Exception(message);

/// <summary>
/// AES-256-GCM over a stream in chunks, with the field-encryption key set (the active key encrypts, the
/// key id is in the header so rotated keys still decrypt). Layout:
/// <c>"NRSGENC1" | keyIdLength(1) | keyId | streamId(16)</c>, then chunks
/// <c>final(1) | length(4, big-endian) | nonce(12) | ciphertext | tag(16)</c>.
/// Each chunk's associated data is <c>header | context | chunkIndex(8) | final(1)</c>: a chunk moved to
/// another position or part, a dropped tail (no final chunk) or bytes after the final chunk all fail.
/// The context names the part (for example "2026-11-26/postgres/users"), so parts cannot be swapped.
/// </summary>
public static class ChunkedEncryption
{
    public const int ChunkSize = 256 * 1024;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal static readonly byte[] Magic = "NRSGENC1"u8.ToArray();

    public static EncryptingStream Encrypt(Stream output, SecurityOptions keys, string context) =>
        new(output, keys.ActiveKeyId, keys.EncryptionKeys[keys.ActiveKeyId], context);

    public static DecryptingStream Decrypt(Stream input, SecurityOptions keys, string context) => new(input, keys, context);

    internal static byte[] AssociatedData(byte[] header, byte[] context, long index, bool final)
    {
        var ad = new byte[header.Length + context.Length + 9];
        header.CopyTo(ad, 0);
        context.CopyTo(ad, header.Length);
        BinaryPrimitives.WriteInt64BigEndian(ad.AsSpan(header.Length + context.Length), index);
        ad[^1] = final ? (byte)1 : (byte)0;
        return ad;
    }
}

/// <summary>
/// Write-only: buffers one chunk of plaintext, encrypts it and writes it on. Call <see cref="FinishAsync"/>
/// to write the final chunk; disposing without finishing leaves a stream every reader refuses. Also
/// hashes (SHA-256) and counts the bytes it writes, which are the stored bytes.
/// </summary>
public sealed class EncryptingStream : Stream
{
    private readonly Stream _output;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly byte[] _context;
    private readonly byte[] _plain = new byte[ChunkedEncryption.ChunkSize];
    private readonly byte[] _cipher = new byte[ChunkedEncryption.ChunkSize + 33];
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _filled;
    private long _index;
    private bool _headerWritten;
    private bool _finished;

    internal EncryptingStream(Stream output, string keyId, byte[] key, string context)
    {
        _output = output;
        _aes = new AesGcm(key, ChunkedEncryption.TagSize);
        var id = Encoding.UTF8.GetBytes(keyId);
        if (id.Length > 255) throw new ArgumentException("Key id too long.", nameof(keyId));
        _header = [.. ChunkedEncryption.Magic, (byte)id.Length, .. id, .. RandomNumberGenerator.GetBytes(16)];
        _context = Encoding.UTF8.GetBytes(context);
        KeyId = keyId;
    }

    public string KeyId { get; }
    public long BytesWritten { get; private set; }
    public long PlainBytes { get; private set; }

    /// <summary>SHA-256 (hex) of every byte written to the output; valid after <see cref="FinishAsync"/>.</summary>
    public string Sha256 { get; private set; } = "";

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (buffer.Length > 0)
        {
            // A full chunk goes out only when more data follows, so the last chunk is always the final one.
            if (_filled == _plain.Length) await FlushChunkAsync(final: false, ct);
            var n = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer.Span[..n].CopyTo(_plain.AsSpan(_filled));
            _filled += n;
            PlainBytes += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public async Task FinishAsync(CancellationToken ct)
    {
        if (_finished) return;
        await FlushChunkAsync(final: true, ct);
        await _output.FlushAsync(ct);
        _finished = true;
        Sha256 = Convert.ToHexStringLower(_sha.GetHashAndReset());
    }

    private async Task FlushChunkAsync(bool final, CancellationToken ct)
    {
        if (!_headerWritten)
        {
            await WriteOutAsync(_header, ct);
            _headerWritten = true;
        }
        var len = _filled;
        _cipher[0] = final ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(_cipher.AsSpan(1), len);
        var nonce = _cipher.AsSpan(5, ChunkedEncryption.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var ad = ChunkedEncryption.AssociatedData(_header, _context, _index, final);
        _aes.Encrypt(nonce, _plain.AsSpan(0, len), _cipher.AsSpan(17, len), _cipher.AsSpan(17 + len, ChunkedEncryption.TagSize), ad);
        await WriteOutAsync(_cipher.AsMemory(0, 17 + len + ChunkedEncryption.TagSize), ct);
        _index++;
        _filled = 0;
    }

    private async Task WriteOutAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        _sha.AppendData(bytes.Span);
        BytesWritten += bytes.Length;
        await _output.WriteAsync(bytes, ct);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _aes.Dispose(); _sha.Dispose(); }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => PlainBytes; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Read-only: authenticates and decrypts chunk by chunk; throws <see cref="BackupIntegrityException"/> on any mismatch.</summary>
public sealed class DecryptingStream : Stream
{
    private readonly Stream _input;
    private readonly SecurityOptions _keys;
    private readonly byte[] _context;
    private readonly byte[] _plain = new byte[ChunkedEncryption.ChunkSize];
    private readonly byte[] _cipher = new byte[ChunkedEncryption.ChunkSize + ChunkedEncryption.TagSize];
    private AesGcm? _aes;
    private byte[]? _header;
    private int _offset;
    private int _length;
    private long _index;
    private bool _final;

    internal DecryptingStream(Stream input, SecurityOptions keys, string context)
    {
        _input = input;
        _keys = keys;
        _context = Encoding.UTF8.GetBytes(context);
    }

    public string? KeyId { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_offset == _length)
        {
            if (_final)
            {
                // Anything after the final chunk was not written by us.
                var extra = new byte[1];
                if (await _input.ReadAsync(extra, ct) > 0) throw new BackupIntegrityException("Data follows the final chunk.");
                return 0;
            }
            await ReadChunkAsync(ct);
        }
        var n = Math.Min(buffer.Length, _length - _offset);
        _plain.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async Task ReadChunkAsync(CancellationToken ct)
    {
        if (_header is null) await ReadHeaderAsync(ct);
        var head = new byte[5 + ChunkedEncryption.NonceSize];
        await ReadExactAsync(head, "a chunk header", ct);
        var final = head[0] switch { 0 => false, 1 => true, _ => throw new BackupIntegrityException("Malformed chunk flag.") };
        var len = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1));
        if (len < 0 || len > ChunkedEncryption.ChunkSize) throw new BackupIntegrityException("Malformed chunk length.");
        await ReadExactAsync(_cipher.AsMemory(0, len + ChunkedEncryption.TagSize), "a chunk", ct);
        var ad = ChunkedEncryption.AssociatedData(_header!, _context, _index, final);
        try
        {
            _aes!.Decrypt(head.AsSpan(5), _cipher.AsSpan(0, len), _cipher.AsSpan(len, ChunkedEncryption.TagSize), _plain.AsSpan(0, len), ad);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupIntegrityException($"Chunk {_index} failed authentication (tampered, reordered or from another part).");
        }
        _index++;
        _final = final;
        _offset = 0;
        _length = len;
    }

    private async Task ReadHeaderAsync(CancellationToken ct)
    {
        var fixedPart = new byte[ChunkedEncryption.Magic.Length + 1];
        await ReadExactAsync(fixedPart, "the header", ct);
        if (!fixedPart.AsSpan(0, ChunkedEncryption.Magic.Length).SequenceEqual(ChunkedEncryption.Magic))
            throw new BackupIntegrityException("Not an encrypted NrsGirls part (bad magic).");
        var rest = new byte[fixedPart[^1] + 16];
        await ReadExactAsync(rest, "the header", ct);
        KeyId = Encoding.UTF8.GetString(rest, 0, fixedPart[^1]);
        if (!_keys.EncryptionKeys.TryGetValue(KeyId, out var key))
            throw new BackupIntegrityException($"The part was encrypted with key '{KeyId}', which is not in NRSGIRLS_ENCRYPTION_KEYS.");
        _aes = new AesGcm(key, ChunkedEncryption.TagSize);
        _header = [.. fixedPart, .. rest];
    }

    private async Task ReadExactAsync(Memory<byte> buffer, string what, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _input.ReadAsync(buffer[read..], ct);
            if (n == 0) throw new BackupIntegrityException($"The part ends inside {what}: it was truncated.");
            read += n;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _aes?.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
