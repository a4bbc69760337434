using System.Diagnostics;
using System.Reflection;

namespace NrsGirls.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package, run offline.</summary>
public static class BicepCli
{
    public static string ExecutablePath { get; } = LocateExecutable();

    public static string InfraDirectory { get; } = Metadata("InfraDirectory");

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Output => StdOut + StdErr;
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InfraDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No network here: no telemetry, no update check, no registry restore.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string LocateExecutable()
    {
        // The package's props spell the path with a backslash ("..\tools\bicep").
        var path = Path.GetFullPath(Metadata("BicepPath").Replace('\\', '/'));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Bicep CLI not found at {path}; restore the Azure.Bicep.CommandLine.linux-x64 package.", path);
        // NuGet extraction does not always keep the execute bit.
        if (!OperatingSystem.IsWindows()) MakeExecutable(path);
        return path;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeExecutable(string path)
    {
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & execute) == execute) return;
        try
        {
            File.SetUnixFileMode(path, mode | execute);
        }
        catch (UnauthorizedAccessException) when ((mode & UnixFileMode.UserExecute) != 0)
        {
            // Not our file, but we can already run it.
        }
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Assembly metadata {key} is missing; see NrsGirls.Infra.Tests.csproj.");
}
