using NLayer;

namespace NrsGirls.Shared.Content.Audio;

/// <summary>
/// MPEG audio (MP3; layers I-III of MPEG-1, 2 and 2.5). The frame chain is walked here, header by
/// header, so the duration comes from the frames actually present and a file cut inside a frame (or
/// shorter than its Xing/Info frame count) is refused as truncated; NLayer decodes the samples for the
/// waveform.
/// </summary>
public static class Mp3Reader
{
    private static readonly int[][] Bitrates =
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // MPEG-1 layer I
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],    // MPEG-1 layer II
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],     // MPEG-1 layer III
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],    // MPEG-2/2.5 layer I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],         // MPEG-2/2.5 layers II and III
    ];

    private static readonly int[][] SampleRates = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

    /// <summary>One frame header: version (0 = 2.5, 2 = 2, 3 = 1), layer (1..3), and what follows from them.</summary>
    public readonly record struct FrameHeader(int Version, int Layer, int SampleRate, int Channels, int Length, int SamplesPerFrame, bool HasCrc);

    /// <summary>True when the file starts like MPEG audio: an ID3v2 tag or a frame header.</summary>
    public static bool Matches(ReadOnlySpan<byte> head) =>
        (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) || (head.Length >= 4 && TryParse(head[..4], out _));

    public static bool TryParse(ReadOnlySpan<byte> h, out FrameHeader header)
    {
        header = default;
        if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0) return false;
        int version = (h[1] >> 3) & 3, layerBits = (h[1] >> 1) & 3, bitrateIndex = h[2] >> 4, rateIndex = (h[2] >> 2) & 3;
        if (version == 1 || layerBits == 0 || bitrateIndex is 0 or 15 || rateIndex == 3) return false; // reserved, free format, bad
        var layer = 4 - layerBits;
        var table = version == 3 ? layer - 1 : layer == 1 ? 3 : 4;
        var bitrate = Bitrates[table][bitrateIndex] * 1000;
        var rate = SampleRates[version][rateIndex];
        var padding = (h[2] >> 1) & 1;
        var channels = (h[3] >> 6) == 3 ? 1 : 2;
        int length, samples;
        if (layer == 1) { length = (12 * bitrate / rate + padding) * 4; samples = 384; }
        else if (layer == 2 || version == 3) { length = 144 * bitrate / rate + padding; samples = 1152; }
        else { length = 72 * bitrate / rate + padding; samples = 576; }
        header = new FrameHeader(version, layer, rate, channels, length, samples, (h[1] & 1) == 0);
        return length >= 4;
    }

    public static AudioFacts Read(Stream file, int waveformPoints)
    {
        var walk = Walk(file);
        file.Position = 0;
        var peaks = new PeakCollector();
        using (var mpeg = new MpegFile(new NonClosingStream(file)))
        {
            var buffer = new float[mpeg.Channels * 4096];
            int read;
            while ((read = mpeg.ReadSamples(buffer, 0, buffer.Length)) > 0) peaks.AddInterleaved(buffer.AsSpan(0, read), mpeg.Channels);
        }
        if (peaks.Frames == 0) throw AudioFileException.Corrupt("No MPEG audio frame could be decoded.");
        return new AudioFacts("mp3", file.Length, (double)walk.Samples / walk.First.SampleRate, walk.First.SampleRate,
            walk.First.Channels, null, peaks.Peaks(waveformPoints));
    }

    /// <summary>The frame chain: the first audio frame's header and the number of samples per channel.</summary>
    public static (FrameHeader First, long Samples, int Frames) Walk(Stream file)
    {
        var position = FirstFrame(file, SkipId3v2(file));
        Span<byte> h = stackalloc byte[4];
        FrameHeader first = default;
        long samples = 0;
        int frames = 0;
        long? declaredFrames = null;
        while (position < file.Length)
        {
            var left = file.Length - position;
            file.Position = position;
            if (left < 4)
            {
                if (frames == 0) break;
                throw AudioFileException.Truncated($"The MP3 file ends inside a frame header after {frames} frames.");
            }
            file.ReadExactly(h);
            if (!TryParse(h, out var header))
            {
                if (frames > 0 && IsTrailer(file, position)) break;
                throw frames == 0
                    ? new AudioFileException(AudioRefusals.Unsupported, "The file is not MP3 audio: no MPEG frame where one must start.")
                    : AudioFileException.Corrupt($"The MP3 frame chain breaks after {frames} frames (byte {position}).");
            }
            if (frames > 0 && (header.SampleRate != first.SampleRate || header.Layer != first.Layer))
                throw AudioFileException.Corrupt($"The MP3 stream changes its sample rate or layer at frame {frames + 1}.");
            if (header.Length > left)
                throw AudioFileException.Truncated($"The MP3 file ends inside frame {frames + 1} ({left} of {header.Length} bytes).");
            if (frames == 0 && XingFrameCount(file, position, header) is { } declared)
                declaredFrames = declared; // the Info/Xing frame itself carries no audio
            else
            {
                if (frames == 0) first = header;
                samples += header.SamplesPerFrame;
                frames++;
            }
            position += header.Length;
        }
        if (frames == 0) throw AudioFileException.Corrupt("The MP3 file holds no audio frames.");
        if (declaredFrames is { } expected && frames < expected)
            throw AudioFileException.Truncated($"The MP3 file holds {frames} of the {expected} frames its Xing/Info header declares.");
        return (first, samples, frames);
    }

    /// <summary>
    /// Where the first frame starts: at <paramref name="start"/>, or, after padding or junk that some taggers
    /// leave behind an ID3v2 tag, at the first of two consecutive valid headers within 64 KB.
    /// </summary>
    private static long FirstFrame(Stream file, long start)
    {
        if (start == 0) return 0;
        var window = new byte[(int)Math.Min(64 * 1024 + 4, file.Length - start)];
        file.Position = start;
        var n = file.ReadAtLeast(window, window.Length, throwOnEndOfStream: false);
        for (var i = 0; i + 4 <= n; i++)
        {
            if (!TryParse(window.AsSpan(i, 4), out var header)) continue;
            var next = i + header.Length;
            if (start + next == file.Length || (next + 4 <= n && TryParse(window.AsSpan(next, 4), out _))) return start + i;
        }
        return start; // the walk reports what is there
    }

    private static long SkipId3v2(Stream file)
    {
        long position = 0;
        Span<byte> tag = stackalloc byte[10];
        while (file.Length - position >= 10)
        {
            file.Position = position;
            file.ReadExactly(tag);
            if (!tag[..3].SequenceEqual("ID3"u8)) break;
            var size = (tag[6] & 0x7F) << 21 | (tag[7] & 0x7F) << 14 | (tag[8] & 0x7F) << 7 | (tag[9] & 0x7F);
            position += 10 + size + ((tag[5] & 0x10) != 0 ? 10 : 0);
            if (position > file.Length) throw AudioFileException.Truncated("The file ends inside its ID3v2 tag.");
        }
        return position;
    }

    /// <summary>ID3v1 ("TAG"), APEv2 ("APETAGEX") or Lyrics3 after the last frame.</summary>
    private static bool IsTrailer(Stream file, long position)
    {
        Span<byte> b = stackalloc byte[8];
        file.Position = position;
        var n = file.ReadAtLeast(b, b.Length, throwOnEndOfStream: false);
        var s = b[..n];
        return s.StartsWith("TAG"u8) || s.StartsWith("APETAGEX"u8) || s.StartsWith("LYRICS"u8);
    }

    /// <summary>The frame count of a Xing/Info header in the first frame, or null when it has none.</summary>
    private static long? XingFrameCount(Stream file, long position, FrameHeader header)
    {
        var sideInfo = header.Version == 3 ? (header.Channels == 1 ? 17 : 32) : (header.Channels == 1 ? 9 : 17);
        var offset = 4 + (header.HasCrc ? 2 : 0) + sideInfo;
        if (header.Layer != 3 || offset + 12 > header.Length) return null;
        Span<byte> b = stackalloc byte[12];
        file.Position = position + offset;
        file.ReadExactly(b);
        if (!b[..4].SequenceEqual("Xing"u8) && !b[..4].SequenceEqual("Info"u8)) return null;
        var flags = b[7];
        return (flags & 1) != 0 ? (long)(b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11]) : -1;
    }
}
