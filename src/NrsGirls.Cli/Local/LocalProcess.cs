using System.Net;
using System.Net.Sockets;

namespace NrsGirls.Cli.Local;

/// <summary>Small process helpers for starting the local services.</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, string? runAs = null,
        IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = runAs is null ? new ProcessStartInfo(file) : new ProcessStartInfo("runuser");
        if (runAs is not null)
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(runAs);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new LocalServiceException($"{file} {string.Join(' ', args)} did not finish in time.");
        }
        var output = await stdout + await stderr;
        if (p.ExitCode != 0)
            throw new LocalServiceException($"{file} {string.Join(' ', args)} failed (exit {p.ExitCode}):\n{output.Trim()}");
        return output;
    }

    /// <summary>Starts a long-running child; its output goes to a log file.</summary>
    public static Process StartChild(string file, IEnumerable<string> args, string logFile, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new LocalServiceException($"Could not start {file}.");
        var log = new StreamWriter(File.Open(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static string? Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie, dead but not yet reaped, is not).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) state …": the state follows the last ')', comm may hold spaces and parentheses.
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// Whether <paramref name="pid"/> runs with <paramref name="dir"/> as its working folder or names it on
    /// its command line: how a pid from a pid file is told from an unrelated process that reused the pid.
    /// (redis-server rewrites its command line but works in its --dir; Azurite names its --location.)
    /// </summary>
    public static bool Mentions(int pid, string dir)
    {
        dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        try
        {
            if (new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget is { } cwd &&
                Path.TrimEndingDirectorySeparator(cwd) == dir) return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Any(a => a == dir || a.StartsWith(dir + "/", StringComparison.Ordinal)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Kills a process (and its children) and waits until it is gone.</summary>
    public static async Task KillAsync(int pid, TimeSpan timeout)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException) { return; /* already gone */ }
        var sw = Stopwatch.StartNew();
        while (IsRunning(pid) && sw.Elapsed < timeout) await Task.Delay(50);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var c = new TcpClient();
            await c.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException) { return false; }
    }

    public static async Task WaitForPortAsync(int port, string service, string logFile, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!await IsListeningAsync(port))
        {
            if (sw.Elapsed > timeout)
                throw new LocalServiceException($"{service} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s; see {logFile}.");
            await Task.Delay(100);
        }
    }
}

/// <summary>A local service could not be started; the message says what to do.</summary>
public sealed class LocalServiceException(string message) : Exception(message);
