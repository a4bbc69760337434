// Workspace-based Application Insights with local (key) authentication off: the Function App sends
// telemetry with its managed identity, so the connection string alone cannot be used to write.
param name string
param location string
param tags object = {}

@description('Log Analytics workspace the telemetry is stored in.')
param workspaceId string

@description('Principal id of the Function App\'s identity, allowed to publish telemetry.')
param publisherPrincipalId string

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceId
    DisableLocalAuth: true
  }
}

// Role: Monitoring Metrics Publisher (3913510d-42f4-4e42-8a64-420c390055eb), needed for Entra ID ingestion.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, publisherPrincipalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
