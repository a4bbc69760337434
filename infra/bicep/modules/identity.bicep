// A user-assigned identity: created before the resources that use it, so role assignments can be
// granted up front instead of waiting for a system-assigned principal to exist.
@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
