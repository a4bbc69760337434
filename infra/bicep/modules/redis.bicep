// Azure Cache for Redis: sessions, live viewers, counters, rate limits, temporary tokens.
// TLS only (port 6380, TLS 1.2 minimum). The seed asks for a snapshot every 6 hours: RDB
// persistence every 360 minutes, which only the Premium tier offers. Basic and Standard cannot
// persist at all: on those tiers a restart or failover loses the cache's contents (sessions are then
// signed out and counters rebuilt), and this module leaves persistence out.
// Snapshots are written to the storage account with a user-assigned identity, since the account
// does not accept shared keys.
param name string
param location string
param tags object = {}

@allowed(['Basic', 'Standard', 'Premium'])
param skuName string = 'Premium'

@description('Size within the tier: C0-C6 for Basic/Standard, P1-P5 for Premium.')
@minValue(0)
@maxValue(6)
param capacity int = 1

@description('Storage account RDB snapshots are written to (Premium only).')
param persistenceStorageAccountName string

@description('Resource id of the identity Redis writes snapshots with; it holds Storage Blob Data Contributor on the account.')
param persistenceIdentityId string

@description('Vault the redis-password secret is written to.')
param keyVaultName string

@description('Log Analytics workspace for cache logs and metrics.')
param workspaceId string

var persistenceSupported = skuName == 'Premium'

resource persistenceStorage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: persistenceStorageAccountName
}

// The schedule is kept apart from the storage wiring so it reads (and compiles) as plain constants.
var rdbSchedule = {
  'rdb-backup-enabled': 'true'
  // Minutes between snapshots: 6 hours.
  'rdb-backup-frequency': '360'
  'rdb-backup-max-snapshot-count': '1'
}

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: name
  location: location
  tags: tags
  identity: persistenceSupported
    ? {
        type: 'UserAssigned'
        userAssignedIdentities: {
          '${persistenceIdentityId}': {}
        }
      }
    : null
  properties: {
    sku: {
      name: skuName
      family: skuName == 'Premium' ? 'P' : 'C'
      capacity: capacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisVersion: '6'
    redisConfiguration: persistenceSupported
      ? union(rdbSchedule, {
          'preferred-data-persistence-auth-method': 'ManagedIdentity'
          'storage-subscription-id': subscription().subscriptionId
          'rdb-storage-connection-string': 'BlobEndpoint=${persistenceStorage.properties.primaryEndpoints.blob}'
        })
      : {}
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource passwordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'redis-password'
  properties: {
    value: redis.listKeys().primaryKey
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: redis
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = redis.name
output hostName string = redis.properties.hostName
output sslPort int = redis.properties.sslPort
output keySecretUri string = passwordSecret.properties.secretUri
