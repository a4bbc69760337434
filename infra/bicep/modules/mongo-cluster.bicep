// Azure Cosmos DB for MongoDB (vCore) cluster for chat messages, activity logs and analytics events.
// Only deployed when mongoProvider is cosmosVCore; its connection string (with the administrator
// credentials filled in) goes to Key Vault as mongodb-uri, which MONGODB_URI references.
// The URI carries no database path: the app then uses the database "nrsgirls".
param name string
param location string
param tags object = {}

param administratorLogin string

@secure()
param administratorPassword string

@description('Compute tier: M10/M20 are burstable and cheapest; M30 and up for production load.')
param computeTier string = 'M10'

@minValue(32)
param storageSizeGb int = 32

@description('Keep a standby replica in another zone.')
param highAvailability bool = false

@description('Vault the mongodb-uri secret is written to.')
param keyVaultName string

resource cluster 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    administrator: {
      userName: administratorLogin
      password: administratorPassword
    }
    serverVersion: '7.0'
    compute: {
      tier: computeTier
    }
    storage: {
      sizeGb: storageSizeGb
    }
    sharding: {
      shardCount: 1
    }
    highAvailability: {
      targetMode: highAvailability ? 'ZoneRedundantPreferred' : 'Disabled'
    }
    publicNetworkAccess: 'Enabled'
  }
}

// Flex Consumption has no fixed outbound addresses without VNet integration: allow Azure services.
resource allowAzure 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = {
  parent: cluster
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// The service reports mongodb+srv://<user>:<password>@host/?tls=true&...; fill in the placeholders.
resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'mongodb-uri'
  properties: {
    value: replace(
      replace(cluster.properties.connectionString, '<user>', uriComponent(administratorLogin)),
      '<password>',
      uriComponent(administratorPassword)
    )
  }
}

output name string = cluster.name
output connectionStringSecretUri string = connectionStringSecret.properties.secretUri
