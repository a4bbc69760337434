// The workspace every diagnostic setting and Application Insights write to.
param name string
param location string
param tags object = {}

@description('Days logs are kept; 30 matches the seed\'s retention and stays inside the free retention period.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output id string = workspace.id
output name string = workspace.name
