using System.Text.RegularExpressions;

namespace NrsGirls.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class BicepSourceTests(CompiledTemplate compiled)
{
    private static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(BicepCli.InfraDirectory, "*.bicep", SearchOption.AllDirectories);

    [Fact]
    public void Main_bicep_builds_without_errors_or_warnings()
    {
        Assert.True(compiled.Build.ExitCode == 0, "bicep build failed:\n" + compiled.Build.Output);
        Assert.DoesNotMatch(DiagnosticLine(), compiled.Build.Output);
        Assert.NotNull(compiled.Root);
    }

    [Fact]
    public void Main_bicep_lints_without_errors_or_warnings()
    {
        Assert.True(compiled.Lint.ExitCode == 0, "bicep lint failed:\n" + compiled.Lint.Output);
        Assert.DoesNotMatch(DiagnosticLine(), compiled.Lint.Output);
    }

    [Fact]
    public void Every_suppressed_lint_warning_is_explained_on_the_line_above()
    {
        foreach (var file in BicepFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].TrimStart().StartsWith("#disable", StringComparison.Ordinal)) continue;
                Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal),
                    $"{Path.GetFileName(file)}:{i + 1} suppresses a diagnostic without a // reason on the line above.");
                Assert.StartsWith("#disable-next-line ", lines[i].TrimStart());
            }
        }
    }

    [Fact]
    public void No_registry_module_is_referenced()
    {
        var files = BicepFiles().Append(Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json")).ToList();
        Assert.Contains(files, f => f.EndsWith("main.bicep", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("br/public:", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(RegistryReference(), text);
        }
    }

    [Fact]
    public void Every_module_is_a_local_file_in_the_repository()
    {
        var modules = 0;
        foreach (var file in BicepFiles())
        {
            foreach (Match match in ModuleReference().Matches(File.ReadAllText(file)))
            {
                modules++;
                var target = Path.Combine(Path.GetDirectoryName(file)!, match.Groups[1].Value);
                Assert.True(File.Exists(target), $"{Path.GetFileName(file)} references missing module {match.Groups[1].Value}.");
            }
        }
        Assert.True(modules >= 10, $"expected one module per resource, found {modules} module references.");
    }

    [Fact]
    public void Bicep_config_needs_no_network()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json")),
            documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var aliases = config["moduleAliases"]?.AsObject() ?? [];
        Assert.All(aliases, alias => Assert.Empty(alias.Value!.AsObject()));
        Assert.Equal("off", config["analyzers"]!["core"]!["rules"]!["use-recent-module-versions"]!["level"]!.GetValue<string>());
    }

    [Fact]
    public void Main_deploys_at_subscription_scope_with_a_resource_token_and_the_abbreviations_table()
    {
        Assert.Contains("subscriptionDeploymentTemplate", compiled.Main["$schema"]!.GetValue<string>());
        Assert.Single(CompiledTemplate.OfType(compiled.Main, "Microsoft.Resources/resourceGroups"));
        var variables = compiled.Main["variables"]!.AsObject();
        Assert.Contains("uniqueString(subscription().id", variables["resourceToken"]!.GetValue<string>());
        // loadJsonContent inlines abbreviations.json as a variable that abbrs points at.
        var abbrs = variables["abbrs"]!.GetValue<string>();
        Assert.Matches(@"^\[variables\('[^']+'\)\]$", abbrs);
        var table = variables[abbrs["[variables('".Length..^"')]".Length]]!;
        Assert.Equal("func-", table["webSitesFunctions"]!.GetValue<string>());
        Assert.Single(CompiledTemplate.OfType(compiled.Module("identity-app"), "Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Fact]
    public void Parameters_file_names_every_required_parameter_and_nothing_unknown()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        var declared = compiled.Main["parameters"]!.AsObject();

        var required = declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")).Select(p => p.Key);
        Assert.All(required, name => Assert.Contains(name, given));
        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets unknown parameter {name}."));
    }

    [Fact]
    public void Secrets_are_secure_parameters()
    {
        var parameters = compiled.Main["parameters"]!.AsObject();
        foreach (var name in new[] { "postgresAdminPassword", "postgresAppPassword", "mongoAdminPassword",
                     "mongoExternalConnectionString", "encryptionKeys", "hashingKey" })
        {
            Assert.Equal("securestring", parameters[name]!["type"]!.GetValue<string>());
        }
    }

    // "main.bicep(12,3) : Warning no-unused-params: ..." or "... : Error BCP...".
    [GeneratedRegex(@"\) : (Warning|Error) ")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"'br(:|/)[^']*'")]
    private static partial Regex RegistryReference();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
