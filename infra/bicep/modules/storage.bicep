// The storage account the Functions host and the app share: queues for the queue triggers, blob
// containers for backups, the cold archive and the Flex Consumption deployment package.
// Shared keys are disabled: the Function App (host, triggers, deployment) and Redis persistence
// all authenticate with managed identities, which Flex Consumption supports end to end.
// The queue and container names are the ones in src/NrsGirls.Shared/Storage/StorageQueues.cs.
param name string
param location string
param tags object = {}

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS'])
param skuName string = 'Standard_LRS'

@description('Container Flex Consumption deploys the app package into.')
param deploymentContainerName string

@description('Principal id of the Function App\'s identity.')
param functionPrincipalId string

@description('Principal id of the identity Azure Cache for Redis persists snapshots with; empty when the tier cannot persist.')
param redisPrincipalId string = ''

@description('Object id of the user or pipeline that deploys the app package (azd deploy uploads it to blob storage); empty for none.')
param deployerPrincipalId string = ''

@description('Principal type of deployerPrincipalId.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // A deleted backup can still be recovered for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource backupsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'backups'
  properties: {
    publicAccess: 'None'
  }
}

resource archiveContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'archive'
  properties: {
    publicAccess: 'None'
  }
}

// Tracks (issue 9): one audio blob per track, named by the track id. Clients upload with short-lived,
// write-only user delegation SAS URLs the app signs; nothing is public.
resource tracksContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'tracks'
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource tipsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'tips'
}

// The host creates the -poison queues on first failure; creating them here lets alerts and the
// operations CLI point at them from day one.
resource tipsPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'tips-poison'
}

resource notificationsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'notifications'
}

resource notificationsPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'notifications-poison'
}

// Tracks (issue 9): the scan job's queue.
resource trackScansQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'track-scans'
}

resource trackScansPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: 'track-scans-poison'
}

// The seed keeps backups 30 days and moves old data to cold storage.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-backups-after-30-days'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['backups/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: 30
                }
              }
              snapshot: {
                delete: {
                  daysAfterCreationGreaterThan: 30
                }
              }
            }
          }
        }
        {
          // Archived rows are written once and rarely read: cold tier from the next day on.
          // Cold bills 90 days minimum per blob, which an archive outlives anyway.
          name: 'archive-to-cold-tier'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['archive/']
            }
            actions: {
              baseBlob: {
                tierToCold: {
                  daysAfterModificationGreaterThan: 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

// Role: Storage Blob Data Owner (b7e6dc6d-f1e8-4753-8033-0f1765b8f7a9): host leases and keys, deployment package, backups, archive,
// track audio (read for scans, delete) and the user delegation keys that sign upload URLs.
resource functionBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionPrincipalId, 'b7e6dc6d-f1e8-4753-8033-0f1765b8f7a9')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f1765b8f7a9')
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Role: Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0a974): queue triggers and producers.
resource functionQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0a974')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0a974')
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Role: Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): the host's diagnostic events table.
resource functionTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Role: Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe): Redis writes its RDB snapshots here.
resource redisBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(redisPrincipalId)) {
  name: guid(storage.id, redisPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: redisPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Role: Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe): the deployer uploads the app package.
resource deployerBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(storage.id, deployerPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainer.name
