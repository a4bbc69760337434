using NrsGirls.Shared.Operations;

namespace NrsGirls.Tests.Operations;

public class ChunkedEncryptionTests
{
    private static readonly SecurityOptions Keys = new()
    {
        EncryptionKeys = new Dictionary<string, byte[]> { ["k2"] = Enumerable.Repeat((byte)3, 32).ToArray(), ["k1"] = Enumerable.Repeat((byte)5, 32).ToArray() },
        ActiveKeyId = "k2",
        HashingKey = new byte[32],
    };

    private static async Task<byte[]> EncryptAsync(byte[] plain, string context = "set/part", bool finish = true)
    {
        var output = new MemoryStream();
        await using var enc = ChunkedEncryption.Encrypt(output, Keys, context);
        // Odd write sizes cross chunk boundaries.
        for (var i = 0; i < plain.Length; i += 70_001) await enc.WriteAsync(plain.AsMemory(i, Math.Min(70_001, plain.Length - i)));
        if (finish) await enc.FinishAsync(default);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(byte[] stored, string context = "set/part", SecurityOptions? keys = null)
    {
        await using var dec = ChunkedEncryption.Decrypt(new MemoryStream(stored), keys ?? Keys, context);
        var output = new MemoryStream();
        await dec.CopyToAsync(output);
        return output.ToArray();
    }

    private static byte[] Data(int size) => Enumerable.Range(0, size).Select(i => (byte)(i * 31 % 251)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkedEncryption.ChunkSize)]
    [InlineData(ChunkedEncryption.ChunkSize * 3 + 17)]
    public async Task What_is_encrypted_decrypts_to_the_same_bytes_whatever_the_size(int size)
    {
        var plain = Data(size);
        Assert.Equal(plain, await DecryptAsync(await EncryptAsync(plain)));
    }

    [Fact]
    public async Task The_plaintext_is_not_readable_in_the_stored_bytes_and_the_key_id_is_recorded()
    {
        var secret = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("known.person@example.com;", 1000)));
        var stored = await EncryptAsync(secret);
        Assert.DoesNotContain("known.person", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.Contains("k2", Encoding.ASCII.GetString(stored, 0, 16), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_stream_is_refused_at_a_chunk_boundary_and_inside_a_chunk()
    {
        var stored = await EncryptAsync(Data(ChunkedEncryption.ChunkSize * 2 + 100));
        var firstChunkEnd = 8 + 1 + 2 + 16 + 17 + ChunkedEncryption.ChunkSize + 16;
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored[..firstChunkEnd]));
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored[..(stored.Length - 5)]));
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored[..20]));
    }

    [Fact]
    public async Task A_writer_that_never_finished_leaves_a_stream_every_reader_refuses()
    {
        var stored = await EncryptAsync(Data(ChunkedEncryption.ChunkSize * 2 + 100), finish: false);
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored));
    }

    [Fact]
    public async Task Tampered_reordered_or_appended_bytes_and_another_parts_context_are_refused()
    {
        var stored = await EncryptAsync(Data(ChunkedEncryption.ChunkSize * 2 + 100));
        var tampered = (byte[])stored.Clone();
        tampered[200] ^= 1;
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(tampered));

        var header = 8 + 1 + 2 + 16;
        var chunk = 17 + ChunkedEncryption.ChunkSize + 16;
        var swapped = stored[..header].Concat(stored[(header + chunk)..(header + 2 * chunk)]).Concat(stored[header..(header + chunk)]).Concat(stored[(header + 2 * chunk)..]).ToArray();
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(swapped));

        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync([.. stored, 0]));
        await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored, context: "set/other-part"));
    }

    [Fact]
    public async Task A_part_written_with_a_key_that_is_no_longer_configured_is_refused_by_name()
    {
        var stored = await EncryptAsync(Data(100));
        var withoutK2 = Keys with { EncryptionKeys = new Dictionary<string, byte[]> { ["k1"] = Keys.EncryptionKeys["k1"] }, ActiveKeyId = "k1" };
        var ex = await Assert.ThrowsAsync<BackupIntegrityException>(() => DecryptAsync(stored, keys: withoutK2));
        Assert.Contains("'k2'", ex.Message, StringComparison.Ordinal);
    }
}
