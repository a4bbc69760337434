// The Function App: Flex Consumption, .NET 10 isolated worker, running as a user-assigned identity
// that reaches storage, Key Vault and Application Insights without keys.
//
// App settings carry every name in src/NrsGirls.Shared/Configuration/SettingNames.cs (the infra
// tests fail when one is missing). Secrets are Key Vault references, resolved by the platform with
// the same identity (keyVaultReferenceIdentity).
//
// AzureWebJobsStorage: storage is reached by identity, so the setting is split into
// AzureWebJobsStorage__accountName/__credential/__clientId (the form the Functions host and the Azure
// SDK clients understand); the app's settings binder accepts AzureWebJobsStorage__accountName in place
// of AzureWebJobsStorage and builds its queue and blob clients with a ManagedIdentityCredential for __clientId.
//
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are deliberately absent: Flex Consumption
// takes the runtime from functionAppConfig and rejects those settings.
param name string
param location string
param tags object = {}

param planId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (what the SDKs need to pick it).')
param identityClientId string

param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string

@secure()
@description('Application Insights connection string; writes also need an Entra token since local auth is off.')
param appInsightsConnectionString string

@description('Subnet for outbound VNet integration; empty for none.')
param subnetId string = ''

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Log Analytics workspace for function logs and metrics.')
param workspaceId string

// Plain settings.
param postgresHost string
param postgresDatabase string
param postgresUser string
param postgresAppUser string
param redisHost string
param dbPoolMin int
param dbPoolMax int
param platformFeeRate string
param bcryptCost int
@description('NRSGIRLS_RATE_LIMITS: overrides of declared rate limits ("name=limit[/window]", comma-separated); empty keeps the defaults.')
param rateLimits string = ''

// Key Vault secret URIs (no version: references follow rotation).
param postgresAdminSecretUri string
param postgresAppSecretUri string
param mongoUriSecretUri string
param redisKeySecretUri string
param encryptionKeysSecretUri string
param hashingKeySecretUri string

// Money (issue 11).
@allowed(['simulated', 'stripe'])
param paymentProvider string
param stripeSecretKeySecretUri string
param stripeWebhookSecretSecretUri string

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd deploy finds the app to publish to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Functions host and Application Insights, by identity.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // PostgreSQL (the seed's variables and the app's run-time login).
    POSTGRES_HOST: postgresHost
    POSTGRES_PORT: '5432'
    POSTGRES_DB: postgresDatabase
    POSTGRES_USER: postgresUser
    POSTGRES_PASSWORD: '@Microsoft.KeyVault(SecretUri=${postgresAdminSecretUri})'
    POSTGRES_SSL: 'true'
    POSTGRES_APP_USER: postgresAppUser
    POSTGRES_APP_PASSWORD: '@Microsoft.KeyVault(SecretUri=${postgresAppSecretUri})'
    DB_POOL_MIN: string(dbPoolMin)
    DB_POOL_MAX: string(dbPoolMax)

    // MongoDB: the vCore cluster's or an external connection string, always from the vault.
    MONGODB_URI: '@Microsoft.KeyVault(SecretUri=${mongoUriSecretUri})'

    // Redis: the TLS port (6380) only; the plain port is disabled on the cache.
    REDIS_HOST: redisHost
    REDIS_PORT: '6380'
    REDIS_PASSWORD: '@Microsoft.KeyVault(SecretUri=${redisKeySecretUri})'
    REDIS_SSL: 'true'

    // The project's own.
    NRSGIRLS_ENCRYPTION_KEYS: '@Microsoft.KeyVault(SecretUri=${encryptionKeysSecretUri})'
    NRSGIRLS_HASHING_KEY: '@Microsoft.KeyVault(SecretUri=${hashingKeySecretUri})'
    NRSGIRLS_PLATFORM_FEE_RATE: platformFeeRate
    NRSGIRLS_BCRYPT_COST: string(bcryptCost)
    REDIS_DATABASE: '0'
    REDIS_TIMEOUT_MS: '5000'
    // Front Door puts the viewer's country here; region rules trust only this header.
    NRSGIRLS_COUNTRY_HEADER: 'X-Azure-ClientCountry'
    // Queue names, referred to by the triggers as %NRSGIRLS_*_QUEUE%.
    NRSGIRLS_TIPS_QUEUE: 'tips'
    NRSGIRLS_NOTIFICATIONS_QUEUE: 'notifications'
    NRSGIRLS_TRACK_SCANS_QUEUE: 'track-scans'
    // Notifications: retention in days.
    NRSGIRLS_NOTIFICATIONS_READ_RETENTION_DAYS: '90'
    NRSGIRLS_NOTIFICATIONS_UNREAD_RETENTION_DAYS: '365'
    // Rate limits: empty keeps every declared default (docs/accounts.md); e.g. 'auth.login=60,me.settings=120/1h'.
    NRSGIRLS_RATE_LIMITS: rateLimits
    // Tracks (issue 9): largest audio file a scan accepts (200 MB).
    NRSGIRLS_TRACK_MAX_BYTES: '209715200'
    // Development mail: never in Azure (empty: mail is not written to disk).
    NRSGIRLS_DEV_MAIL_DIR: ''
    // Operations: backup and restore-drill timers (UTC), backup retention, telemetry.
    // APPLICATIONINSIGHTS_CONNECTION_STRING (above) sends traces and metrics to Application Insights.
    NRSGIRLS_BACKUP_SCHEDULE: '0 30 2 * * *'
    NRSGIRLS_BACKUP_RETENTION_DAYS: '30'
    NRSGIRLS_BACKUP_KEEP_NEWEST: '7'
    NRSGIRLS_RESTORE_DRILL_SCHEDULE: '0 0 4 * * 0'
    NRSGIRLS_ARCHIVE_SCHEDULE: '0 45 3 * * *'
    NRSGIRLS_FINANCIAL_RETENTION_YEARS: '10'
    NRSGIRLS_CHAT_ARCHIVE_DAYS: '90'
    NRSGIRLS_ACTIVITY_RETENTION_DAYS: '365'
    NRSGIRLS_ANALYTICS_RETENTION_DAYS: '730'
    OTEL_EXPORTER_OTLP_ENDPOINT: ''
    NRSGIRLS_OTEL_CONSOLE: 'false'

    // Money (issue 11).
    NRSGIRLS_PAYMENT_PROVIDER: paymentProvider
    NRSGIRLS_PAYMENT_CURRENCIES: 'USD,EUR,GBP'
    NRSGIRLS_TIP_MIN_AMOUNT: '1.00'
    NRSGIRLS_TIP_MAX_AMOUNT: '10000.00'
    NRSGIRLS_EARNINGS_HOLD_DAYS: '7'
    NRSGIRLS_STRIPE_SECRET_KEY: '@Microsoft.KeyVault(SecretUri=${stripeSecretKeySecretUri})'
    NRSGIRLS_STRIPE_WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=${stripeWebhookSecretSecretUri})'
    // Only the simulated provider reads it: in Azure it is the vault's webhook secret, never the local well-known value.
    NRSGIRLS_SIMULATED_WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=${stripeWebhookSecretSecretUri})'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
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

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
