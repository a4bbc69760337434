using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace NrsGirls.Cli;

/// <summary>
/// The CLI reads the same settings as the Functions app: the "Values" of local.settings.json (found in
/// src/NrsGirls.Functions or the repository root, walking up from the current folder), overridden by
/// environment variables. In production the environment alone is used.
/// </summary>
public static class CliConfiguration
{
    public static IConfiguration Build(string? settingsFile = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var file = settingsFile ?? FindLocalSettings();
        if (file is not null && File.Exists(file))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (doc.RootElement.TryGetProperty("Values", out var v) && v.ValueKind == JsonValueKind.Object)
                foreach (var p in v.EnumerateObject())
                    if (!p.Name.StartsWith("//", StringComparison.Ordinal))
                        values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        }
        return new ConfigurationBuilder()
            .AddInMemoryCollection(values)
            .AddEnvironmentVariables()
            .Build();
    }

    public static string? FindLocalSettings()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var inApp = Path.Combine(dir.FullName, "src", "NrsGirls.Functions", "local.settings.json");
            if (File.Exists(inApp)) return inApp;
            var atRoot = Path.Combine(dir.FullName, "local.settings.json");
            if (File.Exists(atRoot)) return atRoot;
        }
        return null;
    }

    /// <summary>The repository root (the folder holding NrsGirls.sln), walking up from the current folder.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NrsGirls.sln"))) return dir.FullName;
        return null;
    }
}
