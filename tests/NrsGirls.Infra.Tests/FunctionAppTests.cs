using NrsGirls.Shared.Configuration;

namespace NrsGirls.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class FunctionAppTests(CompiledTemplate compiled)
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    private JsonObject Module => compiled.Module("function-app");

    private JsonObject Site => compiled.SingleOfType("function-app", "Microsoft.Web/sites");

    private JsonObject AppSettings =>
        CompiledTemplate.Named(Module, "Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();

    private string Setting(string name) =>
        AppSettings[name]?.GetValue<string>() ?? throw new InvalidOperationException($"App setting {name} is missing.");

    /// <summary>
    /// The app binds AzureWebJobsStorage as a connection string; in Azure it is reached by identity,
    /// which the host spells AzureWebJobsStorage__accountName (+ __credential, __clientId).
    /// The settings binder accepts that form (StorageClients builds identity-based clients).
    /// </summary>
    private static string DeployedNameOf(string setting) =>
        setting == SettingNames.AzureWebJobsStorage ? SettingNames.AzureWebJobsStorage + "__accountName" : setting;

    [Fact]
    public void App_settings_carry_every_setting_the_app_reads()
    {
        Assert.NotEmpty(SettingNames.All);
        var missing = SettingNames.All.Where(s => !AppSettings.ContainsKey(DeployedNameOf(s))).ToList();
        Assert.True(missing.Count == 0, "Function App settings lack: " + string.Join(", ", missing));
        Assert.All(SettingNames.Required, s => Assert.Contains(DeployedNameOf(s), AppSettings.Select(p => p.Key)));
    }

    [Fact]
    public void Storage_is_reached_by_managed_identity_not_by_key()
    {
        Assert.False(AppSettings.ContainsKey(SettingNames.AzureWebJobsStorage),
            "AzureWebJobsStorage as a connection string would need the account key.");
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.Contains("parameters('identityClientId')", Setting("AzureWebJobsStorage__clientId"));
        Assert.Contains("parameters('storageAccountName')", Setting("AzureWebJobsStorage__accountName"));
        Assert.DoesNotContain(AppSettings, p => p.Value!.ToJsonString().Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppSettings, p => p.Value!.ToJsonString().Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Secret_settings_are_key_vault_references()
    {
        string[] secretish = ["PASSWORD", "KEY", "SECRET", "TOKEN", "URI", "CONNECTION"];
        var checkedNames = new List<string>();
        foreach (var (name, value) in AppSettings)
        {
            if (!secretish.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))) continue;
            // Not a credential: Application Insights runs with local auth off, so writes need the
            // identity's Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING); checked below.
            if (name == "APPLICATIONINSIGHTS_CONNECTION_STRING") continue;
            checkedNames.Add(name);
            var text = value!.GetValue<string>();
            Assert.True(text.StartsWith(KeyVaultReference, StringComparison.Ordinal) ||
                        text.StartsWith("[format('" + KeyVaultReference, StringComparison.Ordinal),
                $"App setting {name} is not a Key Vault reference: {text}");
        }
        Assert.Contains(SettingNames.PostgresPassword, checkedNames);
        Assert.Contains(SettingNames.MongoDbUri, checkedNames);
        Assert.Contains(SettingNames.HashingKey, checkedNames);

        var appInsights = compiled.SingleOfType("app-insights", "Microsoft.Insights/components");
        Assert.True(appInsights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Contains("Authorization=AAD", Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
    }

    [Fact]
    public void Key_vault_references_resolve_with_the_apps_user_assigned_identity()
    {
        var properties = Site["properties"]!;
        Assert.Equal("[parameters('identityId')]", properties["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.Equal("UserAssigned", Site["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Connections_use_tls_and_the_configured_pool_sizes()
    {
        Assert.Equal("true", Setting(SettingNames.PostgresSsl));
        Assert.Equal("true", Setting(SettingNames.RedisSsl));
        Assert.Equal("6380", Setting(SettingNames.RedisPort));
        Assert.Equal("5432", Setting(SettingNames.PostgresPort));
        Assert.Contains("parameters('dbPoolMin')", Setting(SettingNames.DbPoolMin));
        Assert.Contains("parameters('dbPoolMax')", Setting(SettingNames.DbPoolMax));
        var mainParameters = compiled.Main["parameters"]!;
        Assert.Equal(2, mainParameters["dbPoolMin"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal(10, mainParameters["dbPoolMax"]!["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption()
    {
        var plan = compiled.SingleOfType("app-service-plan", "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());

        var config = Site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains("deploymentContainerName", config["deployment"]!["storage"]!["value"]!.GetValue<string>());
        // Flex Consumption rejects these; the runtime comes from functionAppConfig.
        Assert.False(AppSettings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(AppSettings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
        Assert.True(Site["properties"]!["httpsOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void Function_app_sends_telemetry_to_application_insights()
    {
        Assert.Contains("appInsightsConnectionString", Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"));
        var component = compiled.SingleOfType("app-insights", "Microsoft.Insights/components");
        Assert.Contains("workspaceId", component["properties"]!["WorkspaceResourceId"]!.GetValue<string>());
    }
}
