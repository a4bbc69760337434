namespace NrsGirls.Shared.Content.Audio;

/// <summary>A scan's verdict: the facts of an accepted file, or why it was refused.</summary>
public readonly record struct ScanVerdict(AudioFacts? Facts, AudioRefusal? Refusal)
{
    public static implicit operator ScanVerdict(AudioFacts facts) => new(facts, null);
    public static implicit operator ScanVerdict(AudioRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Reads an uploaded audio file and says what it is, from its bytes alone (magic numbers, headers,
/// decoded samples): MP3, WAV or FLAC, with duration, sample rate, channels and a waveform of
/// <see cref="WaveformPoints"/> peaks. Anything else, an empty or truncated file, or one over the size
/// limit is refused with a reason.
/// </summary>
public sealed class TrackScanner(NrsGirls.Shared.Configuration.TrackOptions options, ILogger<TrackScanner> log)
{
    public const int WaveformPoints = 200;

    /// <summary>Scans a seekable stream positioned anywhere; the stream stays open.</summary>
    public ScanVerdict Scan(Stream file)
    {
        if (file.Length == 0) return new AudioRefusal(AudioRefusals.Empty, "The file is empty.");
        if (file.Length > options.MaxBytes) return TooLarge(file.Length);
        Span<byte> head = stackalloc byte[12];
        file.Position = 0;
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        try
        {
            if (WavReader.Matches(head)) return WavReader.Read(file, WaveformPoints);
            if (FlacReader.Matches(head)) return FlacReader.Read(file, WaveformPoints);
            if (Mp3Reader.Matches(head)) return Mp3Reader.Read(file, WaveformPoints);
            return new AudioRefusal(AudioRefusals.Unsupported, "The file is not MP3, WAV or FLAC audio.");
        }
        catch (AudioFileException ex)
        {
            return new AudioRefusal(ex.Reason, ex.Message);
        }
        catch (EndOfStreamException)
        {
            return new AudioRefusal(AudioRefusals.Truncated, "The file ends before its audio does.");
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // The decoders (NAudio, NLayer) signal bad input with assorted exception types.
            log.LogInformation(ex, "Audio decoder refused a file");
            return new AudioRefusal(AudioRefusals.Corrupt, "The audio could not be decoded.");
        }
    }

    public AudioRefusal TooLarge(long size) =>
        new(AudioRefusals.TooLarge, $"The file has {size} bytes; the limit is {options.MaxBytes}.");
}
