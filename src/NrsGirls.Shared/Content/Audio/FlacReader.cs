using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NrsGirls.Shared.Content.Audio;

/// <summary>
/// FLAC: a complete decoder (no FLAC library is on the package list): STREAMINFO, every frame with its
/// CRC-8 and CRC-16, CONSTANT / VERBATIM / FIXED / LPC subframes, Rice residuals (with escapes), wasted
/// bits and the three stereo decorrelations. A file whose frames end early, or hold fewer samples than
/// STREAMINFO declares, is truncated; a CRC or MD5 (of the decoded samples, when STREAMINFO has one)
/// mismatch is corrupt.
/// </summary>
public static class FlacReader
{
    public static bool Matches(ReadOnlySpan<byte> head) => head.Length >= 4 && head[..4].SequenceEqual("fLaC"u8);

    private sealed record StreamInfo(int SampleRate, int Channels, int BitsPerSample, long TotalSamples, byte[] Md5);

    public static AudioFacts Read(Stream file, int waveformPoints)
    {
        file.Position = 4;
        var info = ReadMetadata(file);
        var bits = new FlacBits(file);
        var peaks = new PeakCollector();
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var checkMd5 = info.Md5.Any(b => b != 0);
        var scale = 1f / (1L << (info.BitsPerSample - 1));
        var bytesPerSample = (info.BitsPerSample + 7) / 8;
        long decoded = 0;
        var frames = 0;
        while (!bits.AtEnd)
        {
            var block = DecodeFrame(bits, info, frames);
            frames++;
            var n = block[0].Length;
            var pcm = checkMd5 ? new byte[n * info.Channels * bytesPerSample] : [];
            for (var i = 0; i < n; i++)
            {
                var max = 0f;
                for (var c = 0; c < info.Channels; c++)
                {
                    var v = block[c][i];
                    max = Math.Max(max, Math.Abs(v * scale));
                    if (checkMd5)
                        for (int b = 0, at = (i * info.Channels + c) * bytesPerSample; b < bytesPerSample; b++) pcm[at + b] = (byte)(v >> (8 * b));
                }
                peaks.AddFrame(max);
            }
            if (checkMd5) md5.AppendData(pcm);
            decoded += n;
        }
        if (decoded == 0) throw new AudioFileException(AudioRefusals.Empty, "The FLAC file holds no audio frames.");
        if (info.TotalSamples != 0 && decoded < info.TotalSamples)
            throw AudioFileException.Truncated($"The FLAC file holds {decoded} of the {info.TotalSamples} samples its STREAMINFO declares.");
        if (checkMd5 && !md5.GetHashAndReset().AsSpan().SequenceEqual(info.Md5))
            throw AudioFileException.Corrupt("The decoded FLAC samples do not match the MD5 in STREAMINFO.");
        return new AudioFacts("flac", file.Length, (double)decoded / info.SampleRate, info.SampleRate, info.Channels,
            info.BitsPerSample, peaks.Peaks(waveformPoints));
    }

    private static StreamInfo ReadMetadata(Stream file)
    {
        StreamInfo? info = null;
        Span<byte> header = stackalloc byte[4];
        var last = false;
        while (!last)
        {
            if (file.Length - file.Position < 4) throw AudioFileException.Truncated("The FLAC file ends inside its metadata.");
            file.ReadExactly(header);
            last = (header[0] & 0x80) != 0;
            var type = header[0] & 0x7F;
            var length = header[1] << 16 | header[2] << 8 | header[3];
            if (length > file.Length - file.Position) throw AudioFileException.Truncated("A FLAC metadata block runs past the end of the file.");
            if (info is null && type != 0) throw AudioFileException.Corrupt("The first FLAC metadata block is not STREAMINFO.");
            if (type == 0)
            {
                if (length != 34) throw AudioFileException.Corrupt("The FLAC STREAMINFO block has the wrong length.");
                var b = new byte[34];
                file.ReadExactly(b);
                var packed = BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(10));
                var rate = (int)(packed >> 44);
                var channels = (int)((packed >> 41) & 7) + 1;
                var bps = (int)((packed >> 36) & 31) + 1;
                var total = (long)(packed & 0xF_FFFF_FFFF);
                if (rate == 0 || bps < 4) throw AudioFileException.Corrupt("The FLAC STREAMINFO has no valid sample rate or sample size.");
                info = new StreamInfo(rate, channels, bps, total, b[18..34]);
            }
            else file.Position += length;
        }
        return info ?? throw AudioFileException.Corrupt("The FLAC file has no STREAMINFO.");
    }

    private static readonly int[] RateCodes = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];
    private static readonly int[] SizeCodes = [0, 8, 12, -1, 16, 20, 24, 32];

    private static long[][] DecodeFrame(FlacBits bits, StreamInfo info, int index)
    {
        bits.StartFrame();
        if (bits.Read(14) != 0x3FFE || bits.Read(1) != 0)
            throw AudioFileException.Corrupt($"FLAC frame {index + 1} does not start with a frame sync code.");
        bits.Read(1); // blocking strategy
        var blockCode = (int)bits.Read(4);
        var rateCode = (int)bits.Read(4);
        var channelCode = (int)bits.Read(4);
        var sizeCode = (int)bits.Read(3);
        if (bits.Read(1) != 0 || blockCode == 0 || rateCode == 15 || channelCode > 10 || SizeCodes[sizeCode] < 0)
            throw AudioFileException.Corrupt($"FLAC frame {index + 1} has a reserved header value.");
        // The frame or sample number, UTF-8 style: the leading ones say how many bytes follow.
        var first = (int)bits.Read(8);
        var extra = first < 0x80 ? 0 : first >= 0xFE ? 6 : BitOperations_LeadingOnes(first) - 1;
        for (var i = 0; i < extra; i++) bits.Read(8);
        var blockSize = blockCode switch
        {
            1 => 192,
            >= 2 and <= 5 => 576 << (blockCode - 2),
            6 => (int)bits.Read(8) + 1,
            7 => (int)bits.Read(16) + 1,
            _ => 256 << (blockCode - 8),
        };
        if (rateCode == 12) bits.Read(8); else if (rateCode is 13 or 14) bits.Read(16);
        var headerCrc = bits.Crc8;
        if (bits.Read(8) != headerCrc) throw AudioFileException.Corrupt($"FLAC frame {index + 1} fails its header CRC-8.");
        var bps = sizeCode == 0 ? info.BitsPerSample : SizeCodes[sizeCode];
        var channels = channelCode <= 7 ? channelCode + 1 : 2;
        if (channels != info.Channels) throw AudioFileException.Corrupt($"FLAC frame {index + 1} has {channels} channels, STREAMINFO says {info.Channels}.");

        var block = new long[channels][];
        for (var c = 0; c < channels; c++)
        {
            var side = (channelCode == 8 || channelCode == 10) && c == 1 || channelCode == 9 && c == 0;
            block[c] = DecodeSubframe(bits, blockSize, bps + (side ? 1 : 0), index);
        }
        bits.AlignToByte();
        var frameCrc = bits.Crc16;
        if (bits.Read(16) != frameCrc) throw AudioFileException.Corrupt($"FLAC frame {index + 1} fails its CRC-16.");

        if (channelCode >= 8)
        {
            long[] a = block[0], b = block[1];
            for (var i = 0; i < blockSize; i++)
            {
                switch (channelCode)
                {
                    case 8: b[i] = a[i] - b[i]; break;              // left/side: right = left - side
                    case 9: a[i] += b[i]; break;                   // side/right: left = side + right
                    default:                                       // mid/side
                        var mid = (a[i] << 1) | (b[i] & 1);
                        var s = b[i];
                        a[i] = (mid + s) >> 1;
                        b[i] = (mid - s) >> 1;
                        break;
                }
            }
        }
        return block;
    }

    private static int BitOperations_LeadingOnes(int b) => System.Numerics.BitOperations.LeadingZeroCount((uint)~(b << 24));

    private static long[] DecodeSubframe(FlacBits bits, int blockSize, int bps, int frame)
    {
        if (bits.Read(1) != 0) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} has a bad subframe header.");
        var type = (int)bits.Read(6);
        var wasted = 0;
        if (bits.Read(1) == 1) wasted = bits.ReadUnary() + 1;
        bps -= wasted;
        if (bps <= 0) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} wastes more bits than it has.");
        var s = new long[blockSize];
        if (type == 0)
        {
            var v = bits.ReadSigned(bps);
            Array.Fill(s, v);
        }
        else if (type == 1)
            for (var i = 0; i < blockSize; i++) s[i] = bits.ReadSigned(bps);
        else if (type is >= 8 and <= 12)
        {
            var order = type - 8;
            for (var i = 0; i < order; i++) s[i] = bits.ReadSigned(bps);
            ReadResidual(bits, s, order, frame);
            for (var i = order; i < blockSize; i++)
                s[i] += order switch
                {
                    0 => 0,
                    1 => s[i - 1],
                    2 => 2 * s[i - 1] - s[i - 2],
                    3 => 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3],
                    _ => 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4],
                };
        }
        else if (type >= 32)
        {
            var order = type - 31;
            if (order > blockSize) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} has a predictor longer than its block.");
            for (var i = 0; i < order; i++) s[i] = bits.ReadSigned(bps);
            var precision = (int)bits.Read(4) + 1;
            if (precision == 16) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} has an invalid LPC precision.");
            var shift = (int)bits.ReadSigned(5);
            if (shift < 0) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} has a negative LPC shift.");
            var coefs = new long[order];
            for (var i = 0; i < order; i++) coefs[i] = bits.ReadSigned(precision);
            ReadResidual(bits, s, order, frame);
            for (var i = order; i < blockSize; i++)
            {
                long sum = 0;
                for (var j = 0; j < order; j++) sum += coefs[j] * s[i - 1 - j];
                s[i] += sum >> shift;
            }
        }
        else throw AudioFileException.Corrupt($"FLAC frame {frame + 1} uses a reserved subframe type.");
        if (wasted > 0) for (var i = 0; i < blockSize; i++) s[i] <<= wasted;
        return s;
    }

    /// <summary>Rice-coded residual into s[order..], partitioned, with escape codes for raw partitions.</summary>
    private static void ReadResidual(FlacBits bits, long[] s, int order, int frame)
    {
        var method = (int)bits.Read(2);
        if (method > 1) throw AudioFileException.Corrupt($"FLAC frame {frame + 1} uses a reserved residual coding.");
        var paramBits = method == 0 ? 4 : 5;
        var escape = (1 << paramBits) - 1;
        var partitionOrder = (int)bits.Read(4);
        var partitions = 1 << partitionOrder;
        var perPartition = s.Length >> partitionOrder;
        if (perPartition << partitionOrder != s.Length || perPartition < order)
            throw AudioFileException.Corrupt($"FLAC frame {frame + 1} has an impossible residual partition order.");
        var i = order;
        for (var p = 0; p < partitions; p++)
        {
            var count = p == 0 ? perPartition - order : perPartition;
            var param = (int)bits.Read(paramBits);
            if (param == escape)
            {
                var raw = (int)bits.Read(5);
                for (var k = 0; k < count; k++) s[i++] = raw == 0 ? 0 : bits.ReadSigned(raw);
                continue;
            }
            for (var k = 0; k < count; k++)
            {
                var q = (long)bits.ReadUnary();
                var u = (q << param) | (long)bits.Read(param);
                s[i++] = (u >> 1) ^ -(u & 1);
            }
        }
    }
}
