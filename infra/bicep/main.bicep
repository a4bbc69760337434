// NrsGirls backend on Azure, in the Azure Developer CLI layout: deployed at subscription scope,
// creates its resource group, one module per resource under modules/, names from
// abbreviations.json plus a resourceToken, and a user-assigned identity for the Function App.
// No modules from the public Bicep registry: every module is a local file, so it builds offline.
// Deploy: see README.md next to this file.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Environment name (dev, prod, ...): part of the resource group name and of the hash every resource name ends with.')
param environmentName string

@minLength(1)
@description('Region of every resource.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the user or pipeline deploying the app package (gets Storage Blob Data Contributor on the storage account); empty for none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

// ---- PostgreSQL ----
@description('PostgreSQL administrator login (POSTGRES_USER); migrations run as this login.')
param postgresAdminLogin string = 'nrsgirls_user'

@secure()
@description('PostgreSQL administrator password (POSTGRES_PASSWORD).')
param postgresAdminPassword string

@description('Run-time login of the app (POSTGRES_APP_USER), created by the migrations or by hand; see README.')
param postgresAppUser string = 'nrsgirls_app'

@secure()
@description('Password of the run-time login (POSTGRES_APP_PASSWORD).')
param postgresAppPassword string

param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@minValue(32)
param postgresStorageSizeGB int = 32

@description('Geo-redundant backups (paired region). Fixed when the server is created.')
param postgresGeoRedundantBackup bool = false

@description('Zone-redundant high availability. Needs GeneralPurpose or MemoryOptimized.')
param postgresZoneRedundantHa bool = false

@description('public: firewall rules; private: VNet-only (a virtual network is created and the Function App joins it).')
@allowed(['public', 'private'])
param postgresNetworkAccess string = 'public'

@description('Public access only: extra client ranges allowed in, each { name, startIpAddress, endIpAddress }.')
param postgresFirewallRules array = []

@description('Statements slower than this (ms) are logged; -1 turns the slow query log off.')
param postgresSlowQueryMs int = 500

// ---- MongoDB ----
@description('cosmosVCore: deploy an Azure Cosmos DB for MongoDB (vCore) cluster; external: use mongoExternalConnectionString (for example MongoDB Atlas) and deploy no cluster.')
@allowed(['cosmosVCore', 'external'])
param mongoProvider string = 'cosmosVCore'

@secure()
@description('external only: the mongodb:// or mongodb+srv:// connection string.')
param mongoExternalConnectionString string = ''

param mongoAdminLogin string = 'nrsgirls_admin'

@secure()
@description('cosmosVCore only: administrator password of the cluster.')
param mongoAdminPassword string = ''

@description('cosmosVCore only: compute tier (M10, M20, M30, ...).')
param mongoComputeTier string = 'M10'

@minValue(32)
param mongoStorageSizeGb int = 32

param mongoHighAvailability bool = false

// ---- Redis ----
@description('Premium is the only tier with RDB persistence (the seed\'s snapshot every 6 hours); Basic and Standard cannot persist.')
@allowed(['Basic', 'Standard', 'Premium'])
param redisSkuName string = 'Premium'

@description('C0-C6 (Basic/Standard) or P1-P5 (Premium).')
@minValue(0)
@maxValue(6)
param redisCapacity int = 1

// ---- Function App ----
@secure()
@description('NRSGIRLS_ENCRYPTION_KEYS: "keyId:base64(32 bytes)" separated by ";"; the first encrypts.')
param encryptionKeys string

@secure()
@description('NRSGIRLS_HASHING_KEY: base64 of at least 32 random bytes.')
param hashingKey string

// Money (issue 11).
@allowed(['simulated', 'stripe'])
@description('NRSGIRLS_PAYMENT_PROVIDER: stripe in Azure; simulated only for throwaway environments.')
param paymentProvider string = 'stripe'

@secure()
@description('NRSGIRLS_STRIPE_SECRET_KEY (sk_live_... or sk_test_...), stored in Key Vault.')
param stripeSecretKey string

@secure()
@description('NRSGIRLS_STRIPE_WEBHOOK_SECRET (whsec_...), stored in Key Vault.')
param stripeWebhookSecret string

@minValue(0)
param dbPoolMin int = 2

@minValue(1)
param dbPoolMax int = 10

@description('NRSGIRLS_PLATFORM_FEE_RATE, a fraction such as 0.20.')
param platformFeeRate string = '0.20'

@minValue(4)
@maxValue(31)
param bcryptCost int = 12

@description('NRSGIRLS_RATE_LIMITS, for example auth.login=60,me.settings=120/1h; empty keeps the defaults (docs/accounts.md).')
param rateLimits string = ''

@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

// ---- Storage, Key Vault, logs ----
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS'])
param storageSkuName string = 'Standard_LRS'

@description('Key Vault purge protection; it cannot be turned off again once on.')
param keyVaultPurgeProtection bool = true

@minValue(30)
param logRetentionInDays int = 30

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var privateNetwork = postgresNetworkAccess == 'private'
var useMongoCluster = mongoProvider == 'cosmosVCore'
var redisPersists = redisSkuName == 'Premium'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module appIdentity 'modules/identity.bicep' = {
  name: 'identity-app'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

// Redis writes its snapshots with its own identity, so the app's identity stays minimal.
module redisIdentity 'modules/identity.bicep' = if (redisPersists) {
  name: 'identity-redis'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}redis-${resourceToken}'
    location: location
    tags: tags
  }
}

module logAnalytics 'modules/log-analytics.bicep' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module appInsights 'modules/app-insights.bicep' = {
  name: 'app-insights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceId: logAnalytics.outputs.id
    publisherPrincipalId: appIdentity.outputs.principalId
  }
}

module network 'modules/network.bicep' = if (privateNetwork) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    functionPrincipalId: appIdentity.outputs.principalId
    redisPrincipalId: redisPersists ? redisIdentity!.outputs.principalId : ''
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    readerPrincipalId: appIdentity.outputs.principalId
    workspaceId: logAnalytics.outputs.id
    enablePurgeProtection: keyVaultPurgeProtection
    postgresAdminPassword: postgresAdminPassword
    postgresAppPassword: postgresAppPassword
    encryptionKeys: encryptionKeys
    hashingKey: hashingKey
    stripeSecretKey: stripeSecretKey
    stripeWebhookSecret: stripeWebhookSecret
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  scope: rg
  params: {
    name: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
    location: location
    tags: tags
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    geoRedundantBackup: postgresGeoRedundantBackup
    zoneRedundantHa: postgresZoneRedundantHa
    networkAccess: postgresNetworkAccess
    firewallRules: postgresFirewallRules
    delegatedSubnetId: privateNetwork ? network!.outputs.postgresSubnetId : ''
    virtualNetworkId: privateNetwork ? network!.outputs.id : ''
    slowQueryMs: postgresSlowQueryMs
    workspaceId: logAnalytics.outputs.id
  }
}

module mongoCluster 'modules/mongo-cluster.bicep' = if (useMongoCluster) {
  name: 'mongo-cluster'
  scope: rg
  params: {
    name: '${abbrs.documentDBMongoClusters}${resourceToken}'
    location: location
    tags: tags
    administratorLogin: mongoAdminLogin
    administratorPassword: mongoAdminPassword
    computeTier: mongoComputeTier
    storageSizeGb: mongoStorageSizeGb
    highAvailability: mongoHighAvailability
    keyVaultName: keyVault.outputs.name
  }
}

module mongoExternalSecret 'modules/key-vault-secret.bicep' = if (!useMongoCluster) {
  name: 'mongo-external-secret'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    name: 'mongodb-uri'
    value: mongoExternalConnectionString
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  scope: rg
  params: {
    name: '${abbrs.cacheRedis}${resourceToken}'
    location: location
    tags: tags
    skuName: redisSkuName
    capacity: redisCapacity
    persistenceStorageAccountName: storage.outputs.name
    persistenceIdentityId: redisPersists ? redisIdentity!.outputs.id : ''
    keyVaultName: keyVault.outputs.name
    workspaceId: logAnalytics.outputs.id
  }
}

module plan 'modules/app-service-plan.bicep' = {
  name: 'app-service-plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: appInsights.outputs.connectionString
    subnetId: privateNetwork ? network!.outputs.appSubnetId : ''
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    workspaceId: logAnalytics.outputs.id
    postgresHost: postgres.outputs.fqdn
    postgresDatabase: postgres.outputs.databaseName
    postgresUser: postgresAdminLogin
    postgresAppUser: postgresAppUser
    redisHost: redis.outputs.hostName
    dbPoolMin: dbPoolMin
    dbPoolMax: dbPoolMax
    platformFeeRate: platformFeeRate
    bcryptCost: bcryptCost
    rateLimits: rateLimits
    postgresAdminSecretUri: keyVault.outputs.postgresAdminSecretUri
    postgresAppSecretUri: keyVault.outputs.postgresAppSecretUri
    mongoUriSecretUri: useMongoCluster
      ? mongoCluster!.outputs.connectionStringSecretUri
      : mongoExternalSecret!.outputs.secretUri
    redisKeySecretUri: redis.outputs.keySecretUri
    encryptionKeysSecretUri: keyVault.outputs.encryptionKeysSecretUri
    hashingKeySecretUri: keyVault.outputs.hashingKeySecretUri
    paymentProvider: paymentProvider
    stripeSecretKeySecretUri: keyVault.outputs.stripeSecretKeySecretUri
    stripeWebhookSecretSecretUri: keyVault.outputs.stripeWebhookSecretSecretUri
  }
}

// azd reads these into the environment; the README's migration step uses the POSTGRES_* ones.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output POSTGRES_HOST string = postgres.outputs.fqdn
output POSTGRES_DB string = postgres.outputs.databaseName
output POSTGRES_USER string = postgresAdminLogin
output REDIS_HOST string = redis.outputs.hostName
