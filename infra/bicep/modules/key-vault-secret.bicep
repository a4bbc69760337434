// One secret in an existing vault, for values that come from a parameter rather than a resource
// (the external MongoDB connection string).
@description('Name of the existing vault.')
param keyVaultName string

@description('Name of the secret.')
param name string

@secure()
@description('Value of the secret.')
param value string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: name
  properties: {
    value: value
  }
}

output secretUri string = secret.properties.secretUri
