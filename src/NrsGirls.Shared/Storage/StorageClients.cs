using Azure.Core;
using Azure.Identity; // these credentials ship in Azure.Core since 1.60
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace NrsGirls.Shared.Storage;

/// <summary>Queue and blob clients for the storage account, by connection string or by managed identity.</summary>
public static class StorageClients
{
    // Base64 is what the Functions host's queue trigger expects by default (host.json messageEncoding).
    private static readonly QueueClientOptions QueueOptions = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public static QueueServiceClient Queues(StorageOptions o) => o.UsesIdentity
        ? new QueueServiceClient(new Uri($"https://{o.AccountName}.queue.core.windows.net"), Credential(o), QueueOptions)
        : new QueueServiceClient(o.ConnectionString, QueueOptions);

    public static BlobServiceClient Blobs(StorageOptions o) => o.UsesIdentity
        ? new BlobServiceClient(new Uri($"https://{o.AccountName}.blob.core.windows.net"), Credential(o))
        : new BlobServiceClient(o.ConnectionString);

    private static TokenCredential Credential(StorageOptions o) => o.ClientId is { } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential();
}
