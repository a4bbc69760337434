namespace NrsGirls.Shared.Content.Audio;

/// <summary>What a scan learned from an audio file's own bytes (never from the uploader's claims).</summary>
public sealed record AudioFacts(
    string Format, long FileSize, double DurationSeconds, int SampleRate, int Channels, int? BitsPerSample,
    IReadOnlyList<double> Waveform);

/// <summary>Why a file was refused: a stable reason code for scan_results and a sentence for the owner.</summary>
public sealed record AudioRefusal(string Reason, string Detail);

/// <summary>The reasons a scan refuses a file (scan_results.reason).</summary>
public static class AudioRefusals
{
    public const string Empty = "file_empty";
    public const string TooLarge = "file_too_large";
    public const string Unsupported = "format_unsupported";
    public const string Truncated = "file_truncated";
    public const string Corrupt = "file_corrupt";
    public const string Missing = "file_missing";
}

/// <summary>Thrown by the format readers; the scanner turns it into an <see cref="AudioRefusal"/>.</summary>
public sealed class AudioFileException(string reason, string detail) : Exception(detail)
{
    public string Reason { get; } = reason;

    public static AudioFileException Truncated(string detail) => new(AudioRefusals.Truncated, detail);
    public static AudioFileException Corrupt(string detail) => new(AudioRefusals.Corrupt, detail);
}

/// <summary>
/// Collects the loudest sample of every stretch of audio in bounded memory, whatever the length: it
/// keeps at most <see cref="MaxChunks"/> chunk maxima and, when full, merges neighbours and doubles the
/// chunk length. <see cref="Peaks"/> then reduces them to a fixed number of values 0..1 (full scale).
/// </summary>
public sealed class PeakCollector
{
    private const int MaxChunks = 1 << 16;
    private readonly List<float> _chunks = new(1024);
    private long _chunkFrames = 64;
    private long _inChunk;
    private float _current;

    /// <summary>Frames (one sample per channel) seen so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Adds interleaved samples of <paramref name="channels"/> channels, full scale ±1.</summary>
    public void AddInterleaved(ReadOnlySpan<float> samples, int channels)
    {
        for (var i = 0; i + channels <= samples.Length; i += channels)
        {
            var max = 0f;
            for (var c = 0; c < channels; c++) max = Math.Max(max, Math.Abs(samples[i + c]));
            AddFrame(max);
        }
    }

    /// <summary>Adds one frame whose loudest channel has absolute value <paramref name="absMax"/> (full scale 1).</summary>
    public void AddFrame(float absMax)
    {
        if (absMax > _current) _current = absMax;
        Frames++;
        if (++_inChunk < _chunkFrames) return;
        _chunks.Add(_current);
        _current = 0;
        _inChunk = 0;
        if (_chunks.Count < MaxChunks) return;
        for (var i = 0; i < _chunks.Count / 2; i++) _chunks[i] = Math.Max(_chunks[2 * i], _chunks[2 * i + 1]);
        _chunks.RemoveRange(_chunks.Count / 2, _chunks.Count - _chunks.Count / 2);
        _chunkFrames *= 2;
    }

    /// <summary><paramref name="count"/> peaks in 0..1, rounded to 3 decimals; empty when no audio was seen.</summary>
    public double[] Peaks(int count)
    {
        var chunks = new List<float>(_chunks);
        if (_inChunk > 0) chunks.Add(_current);
        if (chunks.Count == 0) return [];
        var peaks = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = (int)((long)i * chunks.Count / count);
            var end = Math.Max(start + 1, (int)((long)(i + 1) * chunks.Count / count));
            var max = 0f;
            for (var j = start; j < end; j++) max = Math.Max(max, chunks[j]);
            peaks[i] = Math.Round(Math.Clamp(max, 0f, 1f), 3);
        }
        return peaks;
    }
}
