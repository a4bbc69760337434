using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace NrsGirls.Shared.Postgres;

/// <summary>One numbered migration file: "NNN_name.sql" with "-- migrate:up" and "-- migrate:down" parts.</summary>
public sealed partial record Migration(int Version, string Name, string Up, string Down, string Checksum)
{
    public const string UpMarker = "-- migrate:up";
    public const string DownMarker = "-- migrate:down";

    public string FileName => $"{Version:D3}_{Name}.sql";

    public static Migration Parse(string fileName, string text)
    {
        var m = FileNamePattern().Match(fileName);
        if (!m.Success)
            throw new MigrationException($"Migration file '{fileName}' must be named NNN_name.sql (for example 006_add_tips.sql).");
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var up = text.IndexOf(UpMarker, StringComparison.Ordinal);
        var down = text.IndexOf(DownMarker, StringComparison.Ordinal);
        if (up < 0 || down < 0 || down < up)
            throw new MigrationException($"Migration file '{fileName}' needs a '{UpMarker}' line followed by a '{DownMarker}' line.");
        var upSql = text[(up + UpMarker.Length)..down].Trim();
        var downSql = text[(down + DownMarker.Length)..].Trim();
        if (upSql.Length == 0)
            throw new MigrationException($"Migration file '{fileName}' has an empty up part.");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new Migration(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value, upSql, downSql, checksum);
    }

    /// <summary>The migrations compiled into NrsGirls.Shared.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var asm = typeof(Migration).Assembly;
        return Load(asm.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(n => (n["migrations/".Length..], Read(asm, n))));
    }

    /// <summary>The migrations in a folder (used by `nrsgirls db migrate --dir` and `create`).</summary>
    public static IReadOnlyList<Migration> FromDirectory(string dir) =>
        Load(Directory.EnumerateFiles(dir, "*.sql").Select(f => (Path.GetFileName(f), File.ReadAllText(f))));

    private static List<Migration> Load(IEnumerable<(string Name, string Text)> files)
    {
        var list = files.Select(f => Parse(f.Name, f.Text)).OrderBy(x => x.Version).ToList();
        var dup = list.GroupBy(x => x.Version).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new MigrationException($"Two migrations share number {dup.Key:D3}: {string.Join(", ", dup.Select(x => x.FileName))}.");
        return list;
    }

    private static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d{3,})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}

public sealed class MigrationException(string message) : Exception(message);
