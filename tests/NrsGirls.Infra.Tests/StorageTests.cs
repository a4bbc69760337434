using NrsGirls.Shared.Storage;

namespace NrsGirls.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class StorageTests(CompiledTemplate compiled)
{
    private JsonObject Module => compiled.Module("storage");

    private JsonObject Account => compiled.SingleOfType("storage", "Microsoft.Storage/storageAccounts");

    private IEnumerable<JsonObject> Rules =>
        CompiledTemplate.OfType(Module, "Microsoft.Storage/storageAccounts/managementPolicies").Single()
            ["properties"]!["policy"]!["rules"]!.AsArray().OfType<JsonObject>();

    private static bool Matches(JsonObject rule, string container) =>
        rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Any(p => p!.GetValue<string>() == container + "/");

    [Fact]
    public void Storage_has_the_app_queues_and_their_poison_queues()
    {
        var queues = CompiledTemplate.OfType(Module, "Microsoft.Storage/storageAccounts/queueServices/queues")
            .Select(CompiledTemplate.LastNameSegment).ToList();
        foreach (var queue in new[] { StorageNames.TipsQueue, StorageNames.NotificationsQueue, StorageNames.TrackScansQueue })
        {
            Assert.Contains(queue, queues);
            Assert.Contains(StorageNames.Poison(queue), queues);
        }
    }

    [Fact]
    public void Storage_has_backup_archive_and_deployment_containers()
    {
        var containers = CompiledTemplate.OfType(Module, "Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        var names = containers.Select(CompiledTemplate.LastNameSegment).ToList();
        Assert.Contains(StorageNames.BackupsContainer, names);
        Assert.Contains(StorageNames.ArchiveContainer, names);
        Assert.Contains(StorageNames.TracksContainer, names);
        Assert.Contains(containers, c => c["name"]!.GetValue<string>().Contains("parameters('deploymentContainerName')"));
        Assert.All(containers, c => Assert.Equal("None", c["properties"]!["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void Backups_are_deleted_after_30_days()
    {
        var rule = Assert.Single(Rules, r => Matches(r, StorageNames.BackupsContainer));
        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.Equal(30, rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!.GetValue<int>());
    }

    [Fact]
    public void Archive_moves_to_the_cool_or_cold_tier()
    {
        var rule = Assert.Single(Rules, r => Matches(r, StorageNames.ArchiveContainer));
        var baseBlob = rule["definition"]!["actions"]!["baseBlob"]!.AsObject();
        Assert.True(baseBlob.ContainsKey("tierToCold") || baseBlob.ContainsKey("tierToCool"));
        Assert.False(baseBlob.ContainsKey("delete"), "the archive is kept, only moved to a cheaper tier.");
    }

    [Fact]
    public void Storage_accepts_no_shared_keys_and_only_tls_1_2()
    {
        var properties = Account["properties"]!;
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Function_identity_can_use_blobs_queues_and_tables()
    {
        var roles = CompiledTemplate.OfType(Module, "Microsoft.Authorization/roleAssignments")
            .Where(r => r["properties"]!["principalId"]!.GetValue<string>() == "[parameters('functionPrincipalId')]")
            .Select(r => r["properties"]!["roleDefinitionId"]!.GetValue<string>()).ToList();
        Assert.Contains(roles, r => r.Contains("b7e6dc6d-f1e8-4753-8033-0f1765b8f7a9")); // Storage Blob Data Owner
        Assert.Contains(roles, r => r.Contains("974c5e8b-45b9-4653-ba55-5f855dd0a974")); // Storage Queue Data Contributor
        Assert.Contains(roles, r => r.Contains("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")); // Storage Table Data Contributor
    }
}
