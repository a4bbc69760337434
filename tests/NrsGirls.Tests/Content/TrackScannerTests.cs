using Microsoft.Extensions.Logging.Abstractions;
using NrsGirls.Shared.Content.Audio;

namespace NrsGirls.Tests.Content;

/// <summary>The scanner on real audio: WAV written here, MP3 and FLAC from the reference encoders (Fixtures/README.md).</summary>
public class TrackScannerTests
{
    private static TrackScanner Scanner(long maxBytes = TrackOptions.DefaultMaxBytes) =>
        new(new TrackOptions { MaxBytes = maxBytes }, NullLogger<TrackScanner>.Instance);

    private static ScanVerdict Scan(byte[] file, long maxBytes = TrackOptions.DefaultMaxBytes) => Scanner(maxBytes).Scan(new MemoryStream(file));

    private static AudioFacts Accepted(byte[] file)
    {
        var verdict = Scan(file);
        Assert.True(verdict.Facts is not null, $"refused: {verdict.Refusal}");
        Assert.Equal(TrackScanner.WaveformPoints, verdict.Facts.Waveform.Count);
        Assert.All(verdict.Facts.Waveform, p => Assert.InRange(p, 0, 1));
        return verdict.Facts;
    }

    private static void Refused(byte[] file, string reason, long maxBytes = TrackOptions.DefaultMaxBytes)
    {
        var verdict = Scan(file, maxBytes);
        Assert.True(verdict.Refusal is not null, $"accepted: {verdict.Facts}");
        Assert.Equal(reason, verdict.Refusal.Reason);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Refusal.Detail));
    }

    [Fact]
    public void A_sine_wav_has_its_exact_duration_format_and_a_flat_waveform_at_its_amplitude()
    {
        var facts = Accepted(WavWriter.Sine(2.0, 440, amplitude: 0.5, sampleRate: 8000, channels: 2));
        Assert.Equal("wav", facts.Format);
        Assert.Equal(2.0, facts.DurationSeconds, 6);
        Assert.Equal((8000, 2, (int?)16), (facts.SampleRate, facts.Channels, facts.BitsPerSample));
        Assert.All(facts.Waveform, p => Assert.InRange(p, 0.49, 0.501));
    }

    [Fact]
    public void An_mp3_is_measured_from_its_frames_and_decoded_for_the_waveform()
    {
        var file = AudioFixtures.Mp3;
        var facts = Accepted(file);
        Assert.Equal("mp3", facts.Format);
        Assert.Equal(file.Length, facts.FileSize);
        Assert.Equal((22050, 1), (facts.SampleRate, facts.Channels));
        Assert.InRange(facts.DurationSeconds, 0.99, 1.1); // 1 s of audio plus the encoder's delay and padding
        Assert.InRange(facts.Waveform.Max(), 0.4, 0.65);
        Assert.True(facts.Waveform[0] < facts.Waveform[100], "the tone fades in");
    }

    [Fact]
    public void A_stereo_flac_decodes_bit_exactly_with_its_leading_silence()
    {
        var facts = Accepted(AudioFixtures.StereoFlac); // an MD5 mismatch would refuse it
        Assert.Equal("flac", facts.Format);
        Assert.Equal((11025, 2, (int?)16), (facts.SampleRate, facts.Channels, facts.BitsPerSample));
        Assert.Equal(7717 / 11025.0, facts.DurationSeconds, 6);
        Assert.All(facts.Waveform.Take(50), p => Assert.Equal(0, p)); // the first 0.2 s of 0.7 s are silent
        Assert.InRange(facts.Waveform.Max(), 0.45, 0.51);
    }

    [Fact]
    public void A_24_bit_flac_of_noise_decodes_bit_exactly()
    {
        var facts = Accepted(AudioFixtures.Noisy24Flac);
        Assert.Equal((8000, 2, (int?)24), (facts.SampleRate, facts.Channels, facts.BitsPerSample));
        Assert.Equal(0.1, facts.DurationSeconds, 6);
    }

    [Fact]
    public void An_mp3_behind_an_id3v2_tag_and_padding_is_found()
    {
        byte[] tag = [(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 10, .. new byte[10]];
        var facts = Accepted([.. tag, .. new byte[100], .. AudioFixtures.Mp3]);
        Assert.Equal("mp3", facts.Format);
        Assert.InRange(facts.DurationSeconds, 0.99, 1.1);
    }

    [Fact]
    public void An_id3v2_tag_with_no_audio_behind_it_is_refused() =>
        Refused([(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 10, .. new byte[10], .. AudioFixtures.Text], AudioRefusals.Unsupported);

    [Fact]
    public void A_text_file_named_mp3_is_not_audio() => Refused(AudioFixtures.Text, AudioRefusals.Unsupported);

    [Fact]
    public void Random_bytes_are_not_audio() => Refused(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 128)).ToArray(), AudioRefusals.Unsupported);

    [Fact]
    public void An_empty_file_is_refused() => Refused([], AudioRefusals.Empty);

    [Fact]
    public void A_file_over_the_limit_is_refused_unread() => Refused(WavWriter.Sine(1, 440), AudioRefusals.TooLarge, maxBytes: 1024);

    [Fact]
    public void A_wav_cut_short_is_truncated() => Refused(AudioFixtures.Cut(WavWriter.Sine(1, 440), 0.6), AudioRefusals.Truncated);

    [Fact]
    public void A_wav_header_alone_is_truncated() => Refused(WavWriter.Sine(1, 440)[..30], AudioRefusals.Truncated);

    [Fact]
    public void An_mp3_cut_inside_a_frame_is_truncated() => Refused(AudioFixtures.Cut(AudioFixtures.Mp3, 0.5), AudioRefusals.Truncated);

    [Fact]
    public void An_mp3_cut_at_a_frame_boundary_is_truncated_by_its_info_frame_count()
    {
        var file = AudioFixtures.Mp3;
        using var s = new MemoryStream(file);
        var walk = Mp3Reader.Walk(s);
        // Keep the Info frame and the first half of the audio frames, cut exactly after a frame.
        s.Position = 0;
        var kept = 0L;
        var frames = 0;
        Span<byte> h = stackalloc byte[4];
        var position = 0L;
        while (frames <= walk.Frames / 2)
        {
            s.Position = position;
            s.ReadExactly(h);
            if (!Mp3Reader.TryParse(h, out var header)) { position++; continue; }
            position += header.Length;
            kept = position;
            frames++;
        }
        Refused(file[..(int)kept], AudioRefusals.Truncated);
    }

    [Fact]
    public void A_flac_cut_short_is_truncated()
    {
        Refused(AudioFixtures.Cut(AudioFixtures.StereoFlac, 0.5), AudioRefusals.Truncated);
        Refused(AudioFixtures.StereoFlac[..20], AudioRefusals.Truncated);
    }

    [Fact]
    public void A_flac_with_a_flipped_byte_is_corrupt()
    {
        var file = AudioFixtures.StereoFlac;
        file[file.Length * 2 / 3] ^= 0x5A;
        Refused(file, AudioRefusals.Corrupt);
    }
}
