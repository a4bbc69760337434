using System.IO.Compression;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace NrsGirls.Shared.Operations;

/// <summary>
/// The one way backups and archives store a part: gzip, then chunked AES-256-GCM, streamed into a block
/// blob (staged blocks of 4 MiB) with no plain copy anywhere; and the way back.
/// </summary>
public static class EncryptedBlobs
{
    public sealed record Written(long Bytes, long PlainBytes, string Sha256);

    public static async Task<Written> WriteAsync(BlockBlobClient blob, SecurityOptions keys, string context, Func<Stream, Task> write, CancellationToken ct)
    {
        await using var upload = await blob.OpenWriteAsync(true, new BlockBlobOpenWriteOptions
        {
            BufferSize = 4 * 1024 * 1024,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
        }, ct);
        await using var encrypt = ChunkedEncryption.Encrypt(upload, keys, context);
        await using (var gzip = new GZipStream(encrypt, CompressionLevel.Fastest, leaveOpen: true))
            await write(gzip);
        await encrypt.FinishAsync(ct);
        return new Written(encrypt.BytesWritten, encrypt.PlainBytes, encrypt.Sha256);
    }

    /// <summary>Reads a part back: authenticated chunk by chunk, then decompressed. Dispose the result.</summary>
    public static async Task<Stream> OpenReadAsync(BlockBlobClient blob, SecurityOptions keys, string context, CancellationToken ct)
    {
        var input = await blob.OpenReadAsync(cancellationToken: ct);
        return new GZipStream(ChunkedEncryption.Decrypt(input, keys, context), CompressionMode.Decompress);
    }

    public static async Task<string> Sha256Async(BlockBlobClient blob, CancellationToken ct)
    {
        await using var stream = await blob.OpenReadAsync(cancellationToken: ct);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
