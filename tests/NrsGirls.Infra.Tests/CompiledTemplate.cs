using System.Text.RegularExpressions;

namespace NrsGirls.Infra.Tests;

/// <summary>
/// main.bicep built and linted once for the whole test run, and the generated ARM JSON with helpers
/// to find resources in it (modules become nested deployments with their own templates).
/// </summary>
public sealed partial class CompiledTemplate : IDisposable
{
    private readonly DirectoryInfo _outputDirectory = Directory.CreateTempSubdirectory("nrsgirls-bicep-");

    public CompiledTemplate()
    {
        var armPath = Path.Combine(_outputDirectory.FullName, "main.json");
        Build = BicepCli.Run("build", "main.bicep", "--outfile", armPath);
        Lint = BicepCli.Run("lint", "main.bicep");
        Root = File.Exists(armPath) ? JsonNode.Parse(File.ReadAllText(armPath))!.AsObject() : null;
    }

    public BicepCli.Result Build { get; }
    public BicepCli.Result Lint { get; }
    public JsonObject? Root { get; }

    public JsonObject Main => Root ?? throw new InvalidOperationException("bicep build produced no template:\n" + Build.Output);

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public JsonObject Module(string deploymentName) =>
        (JsonObject)Deployment(deploymentName)["properties"]!["template"]!;

    /// <summary>The one resource of <paramref name="type"/> in the module deployed under <paramref name="deploymentName"/>.</summary>
    public JsonObject SingleOfType(string deploymentName, string type) => OfType(Module(deploymentName), type).Single();

    public JsonObject Deployment(string deploymentName) =>
        ResourcesOf(Main).SingleOrDefault(r => Type(r) == "Microsoft.Resources/deployments" && r["name"]?.GetValue<string>() == deploymentName)
        ?? throw new InvalidOperationException($"main.bicep has no module deployed as '{deploymentName}'.");

    /// <summary>Every resource of the template and of the modules it deploys, however deep.</summary>
    public IEnumerable<JsonObject> AllResources() => AllResourcesOf(Main);

    public IEnumerable<JsonObject> AllOfType(string type) =>
        AllResources().Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<JsonObject> ResourcesOf(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            // languageVersion 2.0 keys resources by symbolic name.
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

    public static IEnumerable<JsonObject> OfType(JsonObject template, string type) =>
        ResourcesOf(template).Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));

    public static string Type(JsonObject resource) => resource["type"]!.GetValue<string>();

    /// <summary>
    /// The literal last segment of a resource name: "to-log-analytics" for a plain name, "tips" for
    /// [format('{0}/{1}/{2}', parameters('name'), 'default', 'tips')], null when it is computed.
    /// </summary>
    public static string? LastNameSegment(JsonObject resource)
    {
        var name = resource["name"]!.GetValue<string>();
        if (!name.StartsWith('[')) return name.Split('/')[^1];
        var match = TrailingLiteral().Match(name);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static JsonObject Named(JsonObject template, string type, string lastSegment) =>
        OfType(template, type).SingleOrDefault(r => LastNameSegment(r) == lastSegment)
        ?? throw new InvalidOperationException($"No {type} named '{lastSegment}'.");

    private static IEnumerable<JsonObject> AllResourcesOf(JsonObject template)
    {
        foreach (var resource in ResourcesOf(template))
        {
            yield return resource;
            if (Type(resource) == "Microsoft.Resources/deployments" &&
                resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in AllResourcesOf(nested)) yield return inner;
            }
        }
    }

    [GeneratedRegex(@", '([^']*)'\)\]$")]
    private static partial Regex TrailingLiteral();

    public void Dispose() => _outputDirectory.Delete(recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "main.bicep compiled once";
}
