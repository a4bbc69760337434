namespace NrsGirls.Tests.Content;

/// <summary>The committed audio files (see Fixtures/README.md) and test-made variants of them.</summary>
public static class AudioFixtures
{
    private static string Dir => Path.Combine(Infrastructure.TestPaths.RepoRoot, "tests", "NrsGirls.Tests", "Content", "Fixtures");

    public static byte[] Mp3 => File.ReadAllBytes(Path.Combine(Dir, "tone.mp3"));
    public static byte[] StereoFlac => File.ReadAllBytes(Path.Combine(Dir, "stereo.flac"));
    public static byte[] Noisy24Flac => File.ReadAllBytes(Path.Combine(Dir, "noisy24.flac"));

    public static byte[] Cut(byte[] file, double fraction) => file[..(int)(file.Length * fraction)];

    public static byte[] Text => "This is a text file someone renamed to song.mp3.\n"u8.ToArray();
}
