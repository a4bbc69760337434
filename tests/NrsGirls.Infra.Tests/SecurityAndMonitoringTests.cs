namespace NrsGirls.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class SecurityAndMonitoringTests(CompiledTemplate compiled)
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public void Key_vault_uses_rbac_authorization()
    {
        var vault = compiled.SingleOfType("key-vault", "Microsoft.KeyVault/vaults");
        var properties = vault["properties"]!.AsObject();
        Assert.True(properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.False(properties.ContainsKey("accessPolicies"));
        Assert.True(properties["enableSoftDelete"]!.GetValue<bool>());
    }

    [Fact]
    public void Function_identity_gets_key_vault_secrets_user_and_nothing_more_on_the_vault()
    {
        var onVault = compiled.AllOfType("Microsoft.Authorization/roleAssignments")
            .Where(r => r["scope"]?.GetValue<string>().Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal) == true)
            .ToList();
        var assignment = Assert.Single(onVault);
        Assert.Equal(
            $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{KeyVaultSecretsUser}')]",
            assignment["properties"]!["roleDefinitionId"]!.GetValue<string>());
        Assert.Equal("[parameters('readerPrincipalId')]", assignment["properties"]!["principalId"]!.GetValue<string>());
        var passed = compiled.Deployment("key-vault")["properties"]!["parameters"]!["readerPrincipalId"]!["value"]!.GetValue<string>();
        Assert.Contains("'identity-app'", passed);
    }

    [Fact]
    public void Every_role_assignment_is_scoped_to_one_resource()
    {
        // A resource-group or subscription-wide grant would also reach the vault and the databases.
        var assignments = compiled.AllOfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.False(string.IsNullOrEmpty(a["scope"]?.GetValue<string>()),
            $"role assignment {a["name"]} has no resource scope."));
    }

    [Theory]
    [InlineData("postgres", "Microsoft.DBforPostgreSQL/flexibleServers")]
    [InlineData("redis", "Microsoft.Cache/redis")]
    [InlineData("function-app", "Microsoft.Web/sites")]
    [InlineData("key-vault", "Microsoft.KeyVault/vaults")]
    public void Diagnostic_settings_send_logs_and_metrics_to_log_analytics(string module, string resourceType)
    {
        var template = compiled.Module(module);
        var setting = CompiledTemplate.OfType(template, "Microsoft.Insights/diagnosticSettings")
            .Single(d => d["scope"]!.GetValue<string>().Contains($"'{resourceType}'", StringComparison.Ordinal));
        var properties = setting["properties"]!;
        Assert.Equal("[parameters('workspaceId')]", properties["workspaceId"]!.GetValue<string>());
        Assert.Contains(properties["logs"]!.AsArray(), l => l!["enabled"]!.GetValue<bool>());
        Assert.Contains(properties["metrics"]!.AsArray(), m => m!["category"]!.GetValue<string>() == "AllMetrics");
        var passed = compiled.Deployment(module)["properties"]!["parameters"]!["workspaceId"]!["value"]!.GetValue<string>();
        Assert.Contains("'log-analytics'", passed);
    }

    [Fact]
    public void Log_analytics_workspace_exists()
    {
        var workspace = compiled.SingleOfType("log-analytics", "Microsoft.OperationalInsights/workspaces");
        Assert.Equal("PerGB2018", workspace["properties"]!["sku"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void No_secret_value_is_written_in_plain_text_into_the_template()
    {
        // Secret values only enter through secure parameters or listKeys; the only literal
        // "value" properties of Key Vault secrets would be hard-coded secrets.
        foreach (var secret in compiled.AllOfType("Microsoft.KeyVault/vaults/secrets"))
        {
            var value = secret["properties"]!["value"]!.GetValue<string>();
            Assert.StartsWith("[", value);
        }
        var text = compiled.Main.ToJsonString();
        Assert.DoesNotContain("local_dev_password", text);
        Assert.DoesNotContain("AccountKey=", text);
    }
}
