// Key Vault in RBAC mode holding every secret the Function App reads. The app's identity gets
// "Key Vault Secrets User" (read secret values) and nothing else on the vault. Secrets are written
// through ARM (control plane), so the deployment needs no data-plane role either.
// Database and field-encryption secrets are written here; the Redis key and the generated MongoDB
// connection string are written by their own modules into this vault.
param name string
param location string
param tags object = {}

@description('Principal id of the Function App\'s identity.')
param readerPrincipalId string

@description('Log Analytics workspace for the vault\'s audit log.')
param workspaceId string

@description('Purge protection cannot be turned off once on; leave it on outside throwaway environments.')
param enablePurgeProtection bool = true

@secure()
@description('Password of the PostgreSQL administrator login (POSTGRES_PASSWORD).')
param postgresAdminPassword string

@secure()
@description('Password of the app\'s run-time PostgreSQL login (POSTGRES_APP_PASSWORD).')
param postgresAppPassword string

@secure()
@description('NRSGIRLS_ENCRYPTION_KEYS: "keyId:base64(32 bytes)" entries separated by ";".')
param encryptionKeys string

@secure()
@description('NRSGIRLS_HASHING_KEY: base64 of at least 32 random bytes.')
param hashingKey string

// Money (issue 11): Stripe's API secret key and webhook signing secret.
@secure()
param stripeSecretKey string
@secure()
param stripeWebhookSecret string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API rejects an explicit false once enabled; null leaves it off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource postgresPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'postgres-password'
  properties: {
    value: postgresAdminPassword
  }
}

resource postgresAppPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'postgres-app-password'
  properties: {
    value: postgresAppPassword
  }
}

resource encryptionKeysSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'nrsgirls-encryption-keys'
  properties: {
    value: encryptionKeys
  }
}

resource hashingKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'nrsgirls-hashing-key'
  properties: {
    value: hashingKey
  }
}

// Money (issue 11).
resource stripeSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'nrsgirls-stripe-secret-key'
  properties: {
    value: stripeSecretKey
  }
}

resource stripeWebhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'nrsgirls-stripe-webhook-secret'
  properties: {
    value: stripeWebhookSecret
  }
}

// Role: Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6): read secret values, nothing more.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
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

output name string = vault.name
output uri string = vault.properties.vaultUri
// Secret URIs without a version: Key Vault references then follow rotation to the latest version.
output postgresAdminSecretUri string = postgresPasswordSecret.properties.secretUri
output postgresAppSecretUri string = postgresAppPasswordSecret.properties.secretUri
output encryptionKeysSecretUri string = encryptionKeysSecret.properties.secretUri
output hashingKeySecretUri string = hashingKeySecret.properties.secretUri
output stripeSecretKeySecretUri string = stripeSecretKeySecret.properties.secretUri
output stripeWebhookSecretSecretUri string = stripeWebhookSecretSecret.properties.secretUri
