using System.Buffers.Binary;
using NAudio.Wave;

namespace NrsGirls.Shared.Content.Audio;

/// <summary>
/// WAV (RIFF/WAVE): the chunk layout is checked here (a data chunk that claims more bytes than the file
/// holds is a truncated file), the samples are decoded by NAudio (PCM 8/16/24/32-bit and IEEE float).
/// </summary>
public static class WavReader
{
    public static bool Matches(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8);

    public static AudioFacts Read(Stream file, int waveformPoints)
    {
        var dataLength = FindDataChunkLength(file);
        file.Position = 0;
        using var reader = new WaveFileReader(new NonClosingStream(file));
        var format = reader.WaveFormat;
        if (format.SampleRate <= 0 || format.Channels <= 0 || format.BlockAlign <= 0)
            throw AudioFileException.Corrupt("The WAV format chunk is invalid.");
        if (dataLength % format.BlockAlign != 0)
            throw AudioFileException.Truncated($"The WAV data ends inside a sample frame ({dataLength} bytes, frames of {format.BlockAlign}).");
        ISampleProvider samples;
        try { samples = reader.ToSampleProvider(); }
        catch (ArgumentException) { throw new AudioFileException(AudioRefusals.Unsupported, $"WAV encoding {format.Encoding} is not supported (PCM or IEEE float only)."); }

        var peaks = new PeakCollector();
        var buffer = new float[format.Channels * 4096];
        int read;
        while ((read = samples.Read(buffer, 0, buffer.Length)) > 0) peaks.AddInterleaved(buffer.AsSpan(0, read), format.Channels);
        var expectedFrames = dataLength / format.BlockAlign;
        if (peaks.Frames < expectedFrames)
            throw AudioFileException.Truncated($"The WAV data holds {peaks.Frames} of the {expectedFrames} frames it declares.");
        if (expectedFrames == 0) throw new AudioFileException(AudioRefusals.Empty, "The WAV file holds no audio frames.");
        return new AudioFacts("wav", file.Length, (double)expectedFrames / format.SampleRate, format.SampleRate, format.Channels,
            format.BitsPerSample, peaks.Peaks(waveformPoints));
    }

    /// <summary>Walks the RIFF chunks to the data chunk; its declared length must fit in the file.</summary>
    private static long FindDataChunkLength(Stream file)
    {
        file.Position = 12;
        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            if (file.Length - file.Position < 8) throw AudioFileException.Truncated("The WAV file ends before its data chunk.");
            file.ReadExactly(header);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var start = file.Position;
            if (header[..4].SequenceEqual("data"u8))
            {
                if (size > file.Length - start)
                    throw AudioFileException.Truncated($"The WAV data chunk declares {size} bytes but the file holds {file.Length - start}.");
                return size;
            }
            if (size > file.Length - start) throw AudioFileException.Truncated("A WAV chunk runs past the end of the file.");
            file.Position = start + size + (size & 1); // chunks are word-aligned
        }
    }
}

/// <summary>Lets a reader that disposes its stream be used on a stream the caller still owns.</summary>
internal sealed class NonClosingStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
