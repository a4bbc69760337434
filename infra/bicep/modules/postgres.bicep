// Azure Database for PostgreSQL Flexible Server 15: the system of record. TLS is required, backups
// are kept 30 days (the seed's retention; the service takes daily snapshots plus continuous WAL,
// which covers the seed's "daily full, hourly incremental"), pg_stat_statements is loaded for the
// seed's monitoring list, and statements slower than slowQueryMs are logged.
param name string
param location string
param tags object = {}

@description('Administrator login; the app uses it as POSTGRES_USER (migrations run as this login).')
param administratorLogin string

@secure()
@description('Administrator password.')
param administratorLoginPassword string

@description('Database the app uses (POSTGRES_DB).')
param databaseName string = 'nrsgirls'

@description('Compute size, for example Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string = 'Burstable'

@minValue(32)
param storageSizeGB int = 32

@description('Copy backups to the paired region. Can only be chosen when the server is created.')
param geoRedundantBackup bool = false

@description('Zone-redundant high availability (a standby in another zone). Not available on Burstable.')
param zoneRedundantHa bool = false

@description('public: reachable over the internet through firewall rules; private: only from the delegated subnet.')
@allowed(['public', 'private'])
param networkAccess string = 'public'

@description('Public access only: let Azure services (the Function App\'s outbound addresses) connect.')
param allowAzureServices bool = true

@description('Public access only: extra client ranges, each { name, startIpAddress, endIpAddress } (for example the operator running migrations).')
param firewallRules array = []

@description('Private access only: subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string = ''

@description('Private access only: virtual network the private DNS zone is linked to.')
param virtualNetworkId string = ''

@description('Statements running longer than this many milliseconds are logged (-1 turns the slow query log off).')
param slowQueryMs int = 500

@description('Log Analytics workspace for server logs and metrics.')
param workspaceId string

var privateAccess = networkAccess == 'private'

resource privateDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = if (privateAccess) {
  name: '${name}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource privateDnsZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = if (privateAccess) {
  parent: privateDnsZone
  name: 'vnet-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetworkId
    }
  }
}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '15'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 30
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: zoneRedundantHa ? 'ZoneRedundant' : 'Disabled'
    }
    network: privateAccess
      ? {
          publicNetworkAccess: 'Disabled'
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneArmResourceId: privateDnsZone.id
        }
      : {
          publicNetworkAccess: 'Enabled'
        }
  }
  dependsOn: [
    privateDnsZoneLink
  ]
}

// Server parameters are changed one at a time (the service rejects concurrent updates), hence the
// dependsOn chain through this file.

// TLS required for every connection (the seed: "Connection: SSL/TLS required"); the app sets POSTGRES_SSL=true.
resource requireSecureTransport 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'ON'
    source: 'user-override'
  }
}

resource minimumTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [requireSecureTransport]
}

// A static parameter: a change takes effect after a server restart (new servers start with it).
resource sharedPreloadLibraries 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'shared_preload_libraries'
  properties: {
    value: 'pg_stat_statements'
    source: 'user-override'
  }
  dependsOn: [minimumTlsVersion]
}

// The allow-list for CREATE EXTENSION: pg_stat_statements for monitoring, and the extensions the
// migrations may use (pgcrypto, citext, pg_trgm).
resource azureExtensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: 'pg_stat_statements,pgcrypto,citext,pg_trgm'
    source: 'user-override'
  }
  dependsOn: [sharedPreloadLibraries]
}

// Azure ships pg_stat_statements.track = none; "top" records the statements clients send.
resource pgStatStatementsTrack 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'pg_stat_statements.track'
  properties: {
    value: 'top'
    source: 'user-override'
  }
  dependsOn: [azureExtensions]
}

resource slowQueryLog 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'log_min_duration_statement'
  properties: {
    value: string(slowQueryMs)
    source: 'user-override'
  }
  dependsOn: [pgStatStatementsTrack]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [slowQueryLog]
}

// 0.0.0.0 to 0.0.0.0 is the service's spelling of "allow Azure services": Flex Consumption has no
// fixed outbound addresses without VNet integration.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateAccess && allowAzureServices) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [database]
}

@batchSize(1)
resource clientRules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for rule in (privateAccess ? [] : firewallRules): {
    parent: server
    name: rule.name
    properties: {
      startIpAddress: rule.startIpAddress
      endIpAddress: rule.endIpAddress
    }
    dependsOn: [allowAzure]
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
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

output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
