using System.Text.RegularExpressions;

namespace NrsGirls.LocalHost;

/// <summary>A function app could not be loaded or run by the local host; the message says which function and why.</summary>
public sealed class LocalHostException(string message) : Exception(message);

/// <summary>One binding of a function, as the worker SDK wrote it into functions.metadata.</summary>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonElement Json)
{
    public string? String(string property) =>
        Json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool? Bool(string property) => Json.TryGetProperty(property, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
        ? v.GetBoolean()
        : null;

    public IReadOnlyList<string>? Strings(string property) =>
        Json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList()
            : null;
}

/// <summary>One entry of functions.metadata: the function's name, where its code is, and its bindings.</summary>
public sealed record FunctionDefinition(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
    public string TriggerType => Trigger.Type;
}

/// <summary>
/// The <c>extensions.queues</c> section of host.json, with the Functions host's documented defaults
/// for what it leaves out.
/// </summary>
public sealed record QueueSettings(
    TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int BatchSize, int NewBatchThreshold, int MaxDequeueCount,
    string MessageEncoding)
{
    public static readonly QueueSettings Defaults = new(TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 8, 5, "base64");
}

/// <summary>
/// A function app as the Functions host sees it: the functions.metadata the worker SDK generates at
/// build, and the host.json next to it. Nothing here is kept by hand: a new function appears once the
/// app is rebuilt.
/// </summary>
public sealed class FunctionManifest
{
    public const string MetadataFileName = "functions.metadata";

    private FunctionManifest(string directory, IReadOnlyList<FunctionDefinition> functions, QueueSettings queues,
        string routePrefix, TimeSpan functionTimeout)
    {
        Directory = directory;
        Functions = functions;
        Queues = queues;
        RoutePrefix = routePrefix;
        FunctionTimeout = functionTimeout;
    }

    /// <summary>The folder holding functions.metadata, host.json and the function assembly.</summary>
    public string Directory { get; }
    public IReadOnlyList<FunctionDefinition> Functions { get; }
    public QueueSettings Queues { get; }
    /// <summary>host.json extensions.http.routePrefix ("api" unless set).</summary>
    public string RoutePrefix { get; }
    public TimeSpan FunctionTimeout { get; }

    /// <summary>The production app: the folder NrsGirls.Functions.dll was loaded from (its build output or a copy of it).</summary>
    public static string DefaultDirectory() =>
        Path.GetDirectoryName(typeof(NrsGirls.Functions.FunctionsServiceCollectionExtensions).Assembly.Location)!;

    public static FunctionManifest Load(string? directory = null)
    {
        directory = Path.GetFullPath(directory ?? DefaultDirectory());
        var metadataPath = Path.Combine(directory, MetadataFileName);
        if (!File.Exists(metadataPath))
            throw new LocalHostException(
                $"{metadataPath} does not exist. The worker SDK writes it when the function app is built: run " +
                "`dotnet build src/NrsGirls.Functions`, or pass the app's build output folder (--app-dir).");

        List<FunctionDefinition> functions;
        using (var doc = JsonDocument.Parse(File.ReadAllText(metadataPath)))
        {
            functions = doc.RootElement.EnumerateArray().Select(f => new FunctionDefinition(
                f.GetProperty("name").GetString()!,
                f.GetProperty("scriptFile").GetString()!,
                f.GetProperty("entryPoint").GetString()!,
                f.GetProperty("bindings").EnumerateArray().Select(b => new FunctionBinding(
                    b.GetProperty("name").GetString()!,
                    b.GetProperty("type").GetString()!,
                    b.TryGetProperty("direction", out var d) ? d.GetString()! : "In",
                    b.Clone())).ToList())).ToList();
        }

        var queues = QueueSettings.Defaults;
        var routePrefix = "api";
        var functionTimeout = TimeSpan.FromMinutes(5);
        var hostJson = Path.Combine(directory, "host.json");
        if (File.Exists(hostJson))
        {
            using var host = JsonDocument.Parse(File.ReadAllText(hostJson),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = host.RootElement;
            if (root.TryGetProperty("functionTimeout", out var ft) && TimeSpan.TryParse(ft.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t))
                functionTimeout = t;
            if (root.TryGetProperty("extensions", out var ext))
            {
                if (ext.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var rp))
                    routePrefix = rp.GetString()?.Trim('/') ?? "";
                if (ext.TryGetProperty("queues", out var q)) queues = ReadQueueSettings(q, hostJson);
            }
        }
        if (!queues.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            throw new LocalHostException(
                $"{hostJson}: extensions.queues.messageEncoding is '{queues.MessageEncoding}'; the app's queue clients encode base64, so the local host reads base64 only.");

        return new FunctionManifest(directory, functions, queues, routePrefix, functionTimeout);
    }

    private static QueueSettings ReadQueueSettings(JsonElement q, string file)
    {
        var d = QueueSettings.Defaults;
        TimeSpan Time(string name, TimeSpan fallback)
        {
            if (!q.TryGetProperty(name, out var v)) return fallback;
            return TimeSpan.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t)
                ? t
                : throw new LocalHostException($"{file}: extensions.queues.{name} must be a time span like 00:00:30.");
        }
        int Int(string name, int fallback) => q.TryGetProperty(name, out var v) ? v.GetInt32() : fallback;
        var batch = Int("batchSize", d.BatchSize);
        return new QueueSettings(
            Time("maxPollingInterval", d.MaxPollingInterval),
            Time("visibilityTimeout", d.VisibilityTimeout),
            batch,
            Int("newBatchThreshold", batch / 2),
            Int("maxDequeueCount", d.MaxDequeueCount),
            q.TryGetProperty("messageEncoding", out var e) ? e.GetString() ?? "base64" : "base64");
    }

    private static readonly Regex SettingReference = new("%([^%]+)%", RegexOptions.CultureInvariant);

    /// <summary>
    /// Resolves app-setting references the way the Functions host does: each <c>%Name%</c> is replaced by
    /// the setting's value; a reference to a setting that is not set is an error naming the function.
    /// </summary>
    public static string ResolveSettings(string value, IConfiguration configuration, string function, string property) =>
        SettingReference.Replace(value, m =>
        {
            var name = m.Groups[1].Value;
            var resolved = configuration[name];
            return string.IsNullOrWhiteSpace(resolved)
                ? throw new LocalHostException($"Function {function}: {property} '{value}' refers to app setting {name}, which is not set.")
                : resolved;
        });
}
