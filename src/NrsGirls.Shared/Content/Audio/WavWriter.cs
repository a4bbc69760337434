namespace NrsGirls.Shared.Content.Audio;

/// <summary>Writes 16-bit PCM WAV files of sine tones: the seed's audio and the tests' real uploads.</summary>
public static class WavWriter
{
    /// <summary>
    /// A mono or stereo tone of <paramref name="hz"/> at <paramref name="amplitude"/> (0..1 of full scale),
    /// shaped by <paramref name="envelope"/> (time in seconds to a gain 0..1) when given.
    /// </summary>
    public static byte[] Sine(double seconds, double hz, double amplitude = 0.5, int sampleRate = 8000, int channels = 1,
        Func<double, double>? envelope = null)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var data = frames * channels * 2;
        using var ms = new MemoryStream(44 + data);
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)channels); w.Write(sampleRate);
        w.Write(sampleRate * channels * 2); w.Write((short)(channels * 2)); w.Write((short)16);
        w.Write("data"u8); w.Write(data);
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / sampleRate;
            var gain = envelope is null ? 1 : Math.Clamp(envelope(t), 0, 1);
            var v = (short)Math.Round(gain * amplitude * short.MaxValue * Math.Sin(2 * Math.PI * hz * t));
            for (var c = 0; c < channels; c++) w.Write(v);
        }
        w.Flush();
        return ms.ToArray();
    }
}
